/**
 * kill -9 of a replay into an existing lake, at seeded random points: right after the kill,
 * before any repair, DuckDB must read every table and every report as either its old or its new
 * content; the next run must then leave the lake byte-identical to a clean run.
 *
 * More points: `SHOPEASE_KILL_POINTS=30 SHOPEASE_KILL_SEED=7 deno test -A tests/pipeline/replay_kill_test.ts`.
 */

import assert from "node:assert/strict";
import {
  claimLake,
  copyLake,
  differences,
  hasDuckdb,
  leftovers,
  readerFiles,
  replayCommand,
  runReplay,
  seededRandom,
  unitDigests,
  writeSubsetInput,
} from "./lake/lake_probe.ts";
import { LAKE_UNITS } from "../../pipeline/lake/lake_writer.ts";

const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;
const POINTS = Number(Deno.env.get("SHOPEASE_KILL_POINTS") ?? 5);
const SEED = Number(Deno.env.get("SHOPEASE_KILL_SEED") ?? 10);

/** When to kill: after a delay, after K part files are staged, or once K units are committed. */
type Trigger =
  | { kind: "time"; ms: number }
  | { kind: "parts"; count: number }
  | { kind: "commit"; units: number };

Deno.test({
  name: "kill -9 at random points of a replay into an existing lake: each table and report is " +
    "old or new, and the next run repairs it to a clean run's bytes",
  ignore: !hasDuckdb(),
  sanitizeResources: false,
  fn: async () => {
    const work = Deno.makeTempDirSync({ prefix: "replay_kill_test_" });
    try {
      const subset = `${work}/subset`;
      writeSubsetInput(SAMPLE, subset);
      const existing = `${work}/existing`;
      assert.equal((await runReplay([SAMPLE], existing)).code, 0);
      await claimLake(existing, [subset]); // the same dataset, its files changed since
      // The same lake in the layout before versioned tables (plain directories).
      const legacy = `${work}/legacy`;
      assert.ok(new Deno.Command("cp", { args: ["-rL", existing, legacy] }).outputSync().success);
      Deno.removeSync(`${legacy}/.versions`, { recursive: true });
      const expected = `${work}/expected`;
      copyLake(existing, expected);
      const started = performance.now();
      assert.equal((await runReplay([subset], expected)).code, 0);
      const runMs = performance.now() - started;
      const oldDigests = await unitDigests(existing);
      const newDigests = await unitDigests(expected);
      for (const table of ["activity", "transactions", "inventory", "reviews", "quarantine"]) {
        assert.notEqual(newDigests[table], oldDigests[table], `the subset changes ${table}`);
      }
      const expectedFiles = readerFiles(expected);

      const random = seededRandom(SEED);
      for (let point = 0; point < POINTS; point++) {
        const trigger: Trigger = point % 3 === 0
          ? { kind: "time", ms: Math.round(random() * runMs) }
          : point % 3 === 1
          ? { kind: "parts", count: 1 + Math.floor(random() * 400) }
          : { kind: "commit", units: 1 + Math.floor(random() * (LAKE_UNITS.length - 1)) };
        const from = point % 4 === 3 ? legacy : existing;
        const lake = `${work}/lake_${point}`;
        copyLake(from, lake);
        const where = `kill point ${point} (${JSON.stringify(trigger)}, seed ${SEED}, ` +
          `${from === legacy ? "old layout" : "versioned"})`;
        const child = replayCommand([subset], lake).spawn();
        await waitFor(trigger, lake, child.status);
        try {
          child.kill("SIGKILL");
        } catch {
          // It had finished already: then every unit must be new, which the check accepts.
        }
        await child.output();

        const seen = await unitDigests(lake);
        const fresh: string[] = [];
        for (const unit of Object.keys(oldDigests)) {
          assert.ok(
            seen[unit] === oldDigests[unit] || seen[unit] === newDigests[unit],
            `${unit} is neither old nor new after ${where}: ${seen[unit]}`,
          );
          if (seen[unit] !== oldDigests[unit]) fresh.push(unit);
        }
        if (Deno.env.get("SHOPEASE_LOG_LEVEL") === "debug") {
          console.log(`${where}: new ${fresh.length ? fresh.join(", ") : "nothing"}`);
        }

        const rerun = await runReplay([subset], lake);
        assert.equal(rerun.code, 0, `rerun after ${where}: ${rerun.stderr}`);
        assert.deepEqual(differences(expectedFiles, readerFiles(lake)), [], `after ${where}`);
        assert.deepEqual(leftovers(lake), [], `leftovers after ${where}`);
        Deno.removeSync(lake, { recursive: true });
      }
    } finally {
      Deno.removeSync(work, { recursive: true });
    }
  },
});

/** Resolves when the trigger fires or the child has exited. */
async function waitFor(
  trigger: Trigger,
  lake: string,
  exited: Promise<Deno.CommandStatus>,
): Promise<void> {
  let done = false;
  exited.then(() => done = true);
  if (trigger.kind === "time") {
    await new Promise((resolve) => setTimeout(resolve, trigger.ms));
    return;
  }
  const links = trigger.kind === "commit" ? currentLinks(lake) : null;
  while (!done) {
    if (trigger.kind === "parts" && stagedParts(lake) >= trigger.count) return;
    if (trigger.kind === "commit" && changedLinks(lake, links!) >= trigger.units) return;
    await new Promise((resolve) => setTimeout(resolve, trigger.kind === "commit" ? 1 : 10));
  }
}

function currentLinks(lake: string): Map<string, string | null> {
  const links = new Map<string, string | null>();
  for (const unit of LAKE_UNITS) links.set(unit, readLink(`${lake}/${unit}`));
  return links;
}

function changedLinks(lake: string, before: Map<string, string | null>): number {
  let changed = 0;
  for (const [unit, target] of before) if (readLink(`${lake}/${unit}`) !== target) changed++;
  return changed;
}

function readLink(path: string): string | null {
  try {
    return Deno.readLinkSync(path);
  } catch {
    return null; // missing, or a plain directory
  }
}

/** Part files written so far into staging versions. */
function stagedParts(lake: string): number {
  let count = 0;
  const walk = (dir: string) => {
    try {
      for (const entry of Deno.readDirSync(dir)) {
        if (entry.isDirectory) walk(`${dir}/${entry.name}`);
        else if (entry.name.endsWith(".parquet")) count++;
      }
    } catch {
      // A staging directory committed (renamed) while we looked.
    }
  };
  try {
    for (const unit of Deno.readDirSync(`${lake}/.versions`)) {
      for (const version of Deno.readDirSync(`${lake}/.versions/${unit.name}`)) {
        if (version.name.endsWith(".staging")) {
          walk(`${lake}/.versions/${unit.name}/${version.name}`);
        }
      }
    }
  } catch {
    // No version store yet.
  }
  return count;
}
