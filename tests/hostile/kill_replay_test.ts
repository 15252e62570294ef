/**
 * kill -9 at random (seeded) points of a replay INTO AN EXISTING LAKE. After each kill, every
 * table and report, read by DuckDB, must be exactly the old content or exactly the new content
 * (row multisets), and a rerun must leave a lake byte-identical to an uninterrupted run.
 *
 * Old lake: a slice of data/sample. New input: the same files (one dataset, same paths)
 * re-exported with rows dropped and prices changed, so every table and report differs. `SHOPEASE_KILL_POINTS` (default 3) and
 * `SHOPEASE_KILL_SEED` (default 10) widen the search.
 *
 * @module
 */

import assert from "node:assert/strict";
import { lakeDigest } from "./lake_digest.ts";
import { listFiles } from "./scan_lake.ts";
import { TEST_ANON_KEY } from "./run_replay.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/sample/", import.meta.url).pathname;
const POINTS = Number(Deno.env.get("SHOPEASE_KILL_POINTS") ?? 3);
const SEED = Number(Deno.env.get("SHOPEASE_KILL_SEED") ?? 10);

/** mulberry32: a small seeded PRNG, so kill points are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The old and the new content of one dataset: the same file names, new rows. */
async function inputContents(): Promise<
  { old: Record<string, string>; next: Record<string, string> }
> {
  const activity = (await Deno.readTextFile(`${SAMPLE}activity.csv`)).split("\n").slice(0, 15_001);
  const inventory = (await Deno.readTextFile(`${SAMPLE}inventory.csv`)).split("\n").slice(0, 4_001);
  const transactions = (await Deno.readTextFile(`${SAMPLE}transactions.ndjson`)).split("\n");
  const reviews = await Deno.readTextFile(`${SAMPLE}reviews.json`);
  // New: every 5th row gone, activity prices +1 on every 7th row, a review less.
  const thin = (lines: string[]) => lines.filter((_, i) => i === 0 || i % 5 !== 3);
  const repriced = thin(activity).map((line, i) =>
    i > 0 && i % 7 === 0
      ? line.replace(/,(\d+)\.(\d\d),/, (_, a, b) => `,${Number(a) + 1}.${b},`)
      : line
  );
  return {
    old: {
      "activity.csv": activity.join("\n") + "\n",
      "inventory.csv": inventory.join("\n") + "\n",
      "transactions.ndjson": transactions.join("\n"),
      "reviews.json": reviews,
    },
    next: {
      "activity.csv": repriced.join("\n") + "\n",
      "inventory.csv": thin(inventory).join("\n") + "\n",
      "transactions.ndjson": thin(transactions).join("\n"),
      "reviews.json": JSON.stringify((JSON.parse(reviews) as unknown[]).slice(1)),
    },
  };
}

/** Writes one content version into the input folder (same paths: the same dataset). */
async function writeInput(dir: string, files: Record<string, string>): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
}

function replayCommand(input: string, lake: string): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", "--input", input, "--lake", lake, "--no-progress"],
    env: { SHOPEASE_ANON_KEY: TEST_ANON_KEY },
    stdout: "null",
    stderr: "piped",
    stdin: "null",
  });
}

async function replayToEnd(input: string, lake: string): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await replayCommand(input, lake).output();
  assert.equal(
    code,
    0,
    `replay of ${input} into ${lake} failed: ${new TextDecoder().decode(stderr)}`,
  );
  return performance.now() - started;
}

async function copyLake(from: string, to: string): Promise<void> {
  const { code } = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  assert.equal(code, 0, `cp -a ${from} ${to}`);
}

/** Every file of a lake with its bytes, for byte-identity. */
async function snapshot(lake: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const rel of await listFiles(lake, [".versions"])) {
    out.set(rel, await Deno.readFile(`${lake}/${rel}`));
  }
  return out;
}

function diffSnapshots(got: Map<string, Uint8Array>, want: Map<string, Uint8Array>): string[] {
  const out: string[] = [];
  for (const [rel, bytes] of want) {
    const other = got.get(rel);
    if (!other) out.push(`missing ${rel}`);
    else if (other.length !== bytes.length || other.some((b, i) => b !== bytes[i])) {
      out.push(`differs ${rel}`);
    }
  }
  for (const rel of got.keys()) if (!want.has(rel)) out.push(`extra ${rel}`);
  return out;
}

Deno.test(`kill -9 at ${POINTS} random points of a replay into an existing lake leaves each table and report old or new, and a rerun repairs it`, async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile_kill_" });
  // One dataset (same input paths), re-exported with changed rows: the lake must go from the
  // old export's content to the new one's, table by table, never a mix.
  const contents = await inputContents();
  const next = `${dir}/input`;
  await writeInput(next, contents.old);
  const oldLake = `${dir}/lake_old`;
  await replayToEnd(next, oldLake);
  await writeInput(next, contents.next);
  const newLake = `${dir}/lake_new`;
  await copyLake(oldLake, newLake);
  const full = await replayToEnd(next, newLake);
  const [oldDigest, newDigest] = await Promise.all([lakeDigest(oldLake), lakeDigest(newLake)]);
  const changed = Object.keys(newDigest).filter((k) => newDigest[k] !== oldDigest[k]);
  assert.ok(
    changed.length >= 5,
    `the new input must change most datasets, changed: ${changed.join(", ")}`,
  );
  const wantBytes = await snapshot(newLake);

  const random = prng(SEED);
  const problems: string[] = [];
  const labels: string[] = [];
  for (let point = 0; point < POINTS; point++) {
    // Even points anywhere between start-up and the end of a full run (measured above); odd
    // points near the end, where the lake commits its tables and reports (a short window).
    const after = Math.round(
      full * (point % 2 === 0 ? 0.15 + 0.85 * random() : 0.8 + 0.3 * random()),
    );
    const lake = `${dir}/lake_kill_${point}`;
    await copyLake(oldLake, lake);
    const child = replayCommand(next, lake).spawn();
    await new Promise((r) => setTimeout(r, after));
    let killed = true;
    try {
      child.kill("SIGKILL");
    } catch {
      killed = false; // it had already finished: then the lake must be fully new
    }
    const status = await child.status;
    await child.stderr.cancel();
    const got = await lakeDigest(lake);
    const mixed: string[] = [];
    let olds = 0, news = 0;
    for (const dataset of Object.keys(newDigest)) {
      if (got[dataset] === newDigest[dataset]) news++;
      else if (got[dataset] === oldDigest[dataset]) olds++;
      else {mixed.push(
          `${dataset}: ${got[dataset]} (old ${oldDigest[dataset]}, new ${newDigest[dataset]})`,
        );}
    }
    const label = `kill at ${after} ms of ${Math.round(full)} (seed ${SEED}, point ${point}, ` +
      `${
        killed && status.signal === "SIGKILL" ? "killed" : "finished first"
      }): ${olds} old, ${news} new`;
    labels.push(label);
    if (mixed.length) {
      problems.push(`${label}, ${mixed.length} neither:\n    ${mixed.join("\n    ")}`);
    }
    await replayToEnd(next, lake);
    const diff = diffSnapshots(await snapshot(lake), wantBytes);
    if (diff.length) {
      problems.push(
        `${label}; after a rerun the lake is not identical to a clean run: ${
          diff.slice(0, 12).join(", ")
        }`,
      );
    }
    await Deno.remove(lake, { recursive: true });
  }
  // Where the kills landed (shown by `deno test` without --quiet).
  Deno.stderr.writeSync(new TextEncoder().encode(labels.map((l) => `${l}\n`).join("")));
  if (problems.length === 0) await Deno.remove(dir, { recursive: true });
  if (problems.length) assert.fail(`lake left in ${dir}:\n${problems.join("\n")}`);
});
