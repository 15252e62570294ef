/**
 * Property-based fuzzer: valid files of every table and format preset, mutated (delimiters,
 * quotes, encodings, truncation, columns, JSON escapes and id shapes, random bytes, huge lines),
 * each replayed in process into a fresh lake and checked against the promises (check_run.ts).
 *
 * `deno task test` runs a fixed seed and a small budget. A long run is one command:
 *
 * ```sh
 * deno task fuzz --runs 2000 --seed 7          # fails on the first broken promise, shrunk
 * deno task fuzz --runs 500 --survey           # runs every case, prints what broke and how often
 * ```
 *
 * (`SHOPEASE_FUZZ_RUNS`, `SHOPEASE_FUZZ_SEED`, `SHOPEASE_FUZZ_SURVEY=1` do the same under
 * `deno test`.)
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { log } from "../../pipeline/log.ts";
import { SEEDS } from "./seeds.ts";
import { type CaseResult, describeCase, runCase, specArbitrary } from "./fuzz_case.ts";

function option(name: string, env: string): string | undefined {
  const at = Deno.args.indexOf(`--${name}`);
  if (at >= 0) return Deno.args[at + 1] ?? "";
  return Deno.env.get(env);
}

const RUNS = Number(option("runs", "SHOPEASE_FUZZ_RUNS") ?? 40);
const SEED = Number(option("seed", "SHOPEASE_FUZZ_SEED") ?? 20_261_202);
const SURVEY = Deno.args.includes("--survey") || Deno.env.get("SHOPEASE_FUZZ_SURVEY") === "1";

log.setLevel("info");

Deno.test("every seed file, unmutated, replays as all valid with no raw id anywhere", async () => {
  const failures: string[] = [];
  for (const seed of SEEDS) {
    for (const container of seed.containers) {
      const result = await runCase({
        seed,
        container,
        delimiter: ",",
        quoteAll: false,
        records: 6,
        mutations: [],
      });
      if (result.verdict.violations.length) failures.push(describeCase(result));
    }
  }
  assert.equal(failures.length, 0, `seed files broke a promise:\n${failures.join("\n\n")}`);
});

Deno.test(`fuzz: ${RUNS} mutated files (seed ${SEED}) keep every promise`, async () => {
  const started = performance.now();
  let cases = 0;
  let checks = 0;
  const broken = new Map<string, { count: number; smallest: CaseResult }>();
  const property = fc.asyncProperty(specArbitrary, async (spec) => {
    const result = await runCase(spec);
    cases++;
    checks += result.verdict.checks;
    for (const v of result.verdict.violations) {
      // Group by the promise broken (`[leak:quarantine.raw]`, `[count:too-few-valid]`, …).
      const key = `${v.slice(0, v.indexOf("]") + 1)} ${result.file.description.split(",")[0]}`;
      const seen = broken.get(key);
      if (!seen || result.file.bytes.length < seen.smallest.file.bytes.length) {
        broken.set(key, { count: (seen?.count ?? 0) + 1, smallest: result });
      } else seen.count++;
    }
    if (!SURVEY && result.verdict.violations.length) throw new Error(describeCase(result));
  });
  const details = await fc.check(property, {
    seed: SEED,
    numRuns: RUNS,
    endOnFailure: SURVEY,
    // Shrinking replays many cases; cap it so a failing run still ends in bounded time.
    interruptAfterTimeLimit: SURVEY ? undefined : 45_000 + RUNS * 400,
  });
  const seconds = (performance.now() - started) / 1000;
  // On stderr directly: `deno test --quiet` hides console output, and these are the figures
  // docs/RELIABILITY.md quotes.
  Deno.stderr.writeSync(new TextEncoder().encode(
    `fuzz: seed ${SEED}, ${cases} cases (incl. shrinking), ${checks} invariant checks, ` +
      `${seconds.toFixed(1)} s, ${broken.size} kinds of broken promise\n`,
  ));
  if (SURVEY) {
    const lines = [...broken].sort((a, b) => b[1].count - a[1].count).map(([key, b]) =>
      `${b.count}× ${key}\n  smallest: ${describeCase(b.smallest).replaceAll("\n", "\n  ")}`
    );
    assert.equal(broken.size, 0, `broken promises over ${cases} cases:\n${lines.join("\n\n")}`);
  }
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : "";
    assert.fail(
      `fuzz case broke a promise (seed ${SEED}, path ${details.counterexamplePath}, ` +
        `shrunk ${details.numShrinks}×; rerun: deno task fuzz --runs ${RUNS} --seed ${SEED}):\n${error}`,
    );
  }
});
