/**
 * `deno task bench stages`: the replay's first stage, source → decode → pseudonymize, timed a
 * step at a time on the generated activity CSV, beside {@linkcode columnarFloor}, which does the
 * same work straight into columns, with no object per row. Each run is a child process
 * (`deno run -A bench/bench_stages.ts STAGE FILE`) that times itself; the order of the stages
 * rotates from round to round.
 *
 * @module
 */

import process from "node:process";
import { from, lastValueFrom, tap } from "rxjs";
import { anonymize } from "../operators/anonymize.ts";
import type { AnyBatch, RawBatch } from "../operators/types.ts";
import { validate } from "../operators/validate.ts";
import { createPseudonymizer, loadAnonKey } from "../pipeline/pseudonymizer.ts";
import { fileSource } from "../pipeline/sources/file_source.ts";
import { log } from "../pipeline/log.ts";
import { BENCH_KEY, prepareInput } from "./bench_compare.ts";
import { columnarFloor } from "./columnar_floor.ts";
import { measureChild } from "./measure_child.ts";

/** The stages, each doing all the work of the one before it (the floor: of `pseudonymize`). */
export const STAGES = ["source", "decode", "pseudonymize", "floor"] as const;

/** One of {@linkcode STAGES}. */
export type Stage = typeof STAGES[number];

const WHAT: Record<Stage, string> = {
  source: "`fileSource`: read, UTF-8, split into raw records",
  decode: "+ `validate`: decoded event objects",
  pseudonymize: "+ `anonymize`: user and session ids as keyed pseudonyms",
  floor: "`columnarFloor`: the work of `pseudonymize` into columns, no object per row",
};

/** What one run of a stage measured, in the child. */
export interface StageRun {
  /** Events out of the stage. */
  rows: number;
  seconds: number;
  /** User + system CPU time of the child's whole process (all its threads). */
  cpuSeconds: number;
}

/**
 * Runs one stage over `path` in this process and times it.
 *
 * @param stage which stage
 * @param path a generated activity CSV
 * @param key the pseudonymization key
 * @returns rows, wall and CPU seconds
 */
export async function runStage(stage: Stage, path: string, key: Uint8Array): Promise<StageRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  const pseudonymizer = createPseudonymizer(key);
  if (stage === "floor") {
    for await (const batch of columnarFloor(path, pseudonymizer)) rows += batch.length;
  } else {
    const raw = from(fileSource({ table: "activity", paths: [path] }));
    const count = tap((batch: RawBatch | AnyBatch) => {
      rows += batch.records.length;
    });
    if (stage === "source") await lastValueFrom(raw.pipe(count));
    else if (stage === "decode") await lastValueFrom(raw.pipe(validate(), count));
    else await lastValueFrom(raw.pipe(validate(), anonymize(pseudonymizer), count));
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rows, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Options of {@linkcode benchStages}. */
export interface StagesOptions {
  /** Clickstream events to generate (the input is cached in `data`). */
  events: number;
  /** Rounds; each runs every stage once, in an order that rotates. */
  runs: number;
  /** Dataset folder; `deno task generate --events N` writes it when missing. */
  data: string;
}

/**
 * Times every stage `runs` times, each run in its own child process.
 *
 * @param options events, rounds, dataset folder
 * @returns a Markdown table for docs/BENCHMARKS.md
 * @example
 * ```ts ignore
 * console.log(await benchStages({ events: 2_000_000, runs: 3, data: "data/bench-2000000" }));
 * ```
 */
export async function benchStages(options: StagesOptions): Promise<string> {
  const input = `${await prepareInput(options)}/activity.csv`;
  const runs: Record<Stage, StageRun[]> = { source: [], decode: [], pseudonymize: [], floor: [] };
  const script = new URL(import.meta.url).pathname;
  for (let round = 0; round < options.runs; round++) {
    const order = STAGES.map((_, i) => STAGES[(i + round) % STAGES.length]);
    for (const stage of order) {
      const child = await measureChild(["run", "-A", script, stage, input]);
      const run = JSON.parse(child.output) as StageRun;
      runs[stage].push(run);
      log.info(
        `bench stages: round ${round + 1} ${stage}: ${run.rows} rows, ${
          run.seconds.toFixed(2)
        } s, CPU ${run.cpuSeconds.toFixed(2)} s`,
      );
    }
  }
  const rows = new Set(STAGES.map((stage) => runs[stage][0].rows));
  if (rows.size !== 1) throw new Error(`bench stages: the stages gave different row counts`);
  const lines = [
    `| stage (${options.events.toLocaleString("en-US")} events) | what it does | runs (s) | ` +
    "best (s) | CPU of the best (s) |",
    "|---|---|---|---|---|",
  ];
  for (const stage of STAGES) {
    const list = runs[stage];
    const best = list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    lines.push(
      `| ${stage} | ${WHAT[stage]} | ${list.map((r) => r.seconds.toFixed(2)).join(", ")} | ${
        best.seconds.toFixed(2)
      } | ${best.cpuSeconds.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const [stage, path] = Deno.args;
  if (!(STAGES as readonly string[]).includes(stage) || path === undefined) {
    console.error(`usage: deno run -A bench/bench_stages.ts ${STAGES.join("|")} FILE`);
    Deno.exit(2);
  }
  const key = await loadAnonKey({ env: BENCH_KEY });
  console.log(JSON.stringify(await runStage(stage as Stage, path, key)));
}
