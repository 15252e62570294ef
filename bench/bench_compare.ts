/**
 * `deno task bench compare`: the same job in ShopEase and in DuckDB on the same generated input,
 * side by side. See {@linkcode benchCompare}.
 *
 * @module
 */

import { log } from "../pipeline/log.ts";
import { measureChild, type RunFigures } from "./measure_child.ts";
import { taskCommand } from "./task_command.ts";

/** What the comparison runs. */
export interface CompareOptions {
  /** Clickstream events to generate (the input is cached in `data`). */
  events: number;
  /** Runs of each engine, alternating; the best of each is compared. */
  runs: number;
  /** Dataset folder; `deno task generate --events N` writes it when missing. */
  data: string;
  /** Scratch folder for both engines' output (replaced on every run). */
  scratch: string;
}

/** One key for both engines, so both hash the same bytes (the value is not secret: bench only). */
export const BENCH_KEY = "62656e63682d6b65792d6e6f742d612d7365637265742d3031323334353637";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/**
 * Generates the input once and returns a folder holding only its activity CSV (hard link).
 *
 * @param options the events to generate and the dataset folder
 * @returns the folder
 */
export async function prepareInput(
  options: Pick<CompareOptions, "data" | "events">,
): Promise<string> {
  const { data, events } = options;
  if (!(await exists(`${data}/manifest.json`))) {
    log.info(`bench compare: generating ${events} events into ${data} (once)`);
    const args = ["generate", "--events", String(events), "--out", data, "--no-progress"];
    await measureChild(["run", "-A", "main.ts", ...args]);
  }
  const dir = `${data}/activity_only`;
  if (!(await exists(`${dir}/activity.csv`))) {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.link(`${data}/activity.csv`, `${dir}/activity.csv`);
  }
  return dir;
}

function shopease(input: string, out: string): Promise<RunFigures> {
  // The replay task's own command line, with its allocator and V8 settings (deno.json).
  const task = taskCommand("replay");
  const args = [...task.args, "--input", input, "--lake", out, "--no-progress"];
  return measureChild(args, { ...task.env, SHOPEASE_ANON_KEY: BENCH_KEY });
}

function duckdb(input: string, out: string, threads: number): Promise<RunFigures> {
  const job = new URL("./duckdb_job.ts", import.meta.url).pathname;
  return measureChild(["run", "-A", job, `${input}/activity.csv`, out, BENCH_KEY, String(threads)]);
}

function loadAverage(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

/**
 * Runs the comparison job (activity CSV → parse → pseudonymize user and session ids → Parquet
 * zstd by date → active users and conversion per minute) in both engines, alternating which goes
 * first, each in its own child process whose peak RSS (VmHWM) is read from /proc. ShopEase runs
 * its full replay over the activity file (it also validates, quarantines and writes every
 * activity report); DuckDB runs `duckdb_job.ts` with one thread per core.
 *
 * @param options events, runs, folders
 * @returns a Markdown table for docs/BENCHMARKS.md
 *
 * @example
 * ```ts ignore
 * console.log(await benchCompare({ events: 2_000_000, runs: 3, data: "data/bench-2000000",
 *   scratch: "/tmp/compare" }));
 * ```
 */
export async function benchCompare(options: CompareOptions): Promise<string> {
  const input = await prepareInput(options);
  const input_mb = (await Deno.stat(`${input}/activity.csv`)).size / 1e6;
  const threads = navigator.hardwareConcurrency;
  const runs: Record<"shopease" | "duckdb", RunFigures[]> = { shopease: [], duckdb: [] };
  const loads: string[] = [];
  for (let i = 0; i < options.runs; i++) {
    const order = i % 2 === 0 ? ["shopease", "duckdb"] as const : ["duckdb", "shopease"] as const;
    for (const engine of order) {
      const out = `${options.scratch}/${engine}`;
      await Deno.remove(out, { recursive: true }).catch(() => {});
      loads.push(loadAverage());
      const run = engine === "shopease"
        ? await shopease(input, out)
        : await duckdb(input, out, threads);
      runs[engine].push(run);
      log.info(
        `bench compare: run ${i + 1} ${engine}: ${run.seconds.toFixed(2)} s, peak RSS ${
          run.peakRssMb.toFixed(0)
        } MB (load ${loads.at(-1)})`,
      );
    }
  }
  await Deno.remove(options.scratch, { recursive: true }).catch(() => {});
  const best = (list: RunFigures[]) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const s = best(runs.shopease);
  const d = best(runs.duckdb);
  const all = (list: RunFigures[]) => list.map((r) => r.seconds.toFixed(2)).join(", ");
  const rss = (list: RunFigures[]) => Math.max(...list.map((r) => r.peakRssMb)).toFixed(0);
  return [
    `| engine (${options.events.toLocaleString("en-US")} events, ${
      input_mb.toFixed(0)
    } MB CSV) | runs (s) | best (s) | peak RSS (max of runs) |`,
    "|---|---|---|---|",
    `| ShopEase \`replay\` | ${all(runs.shopease)} | ${s.seconds.toFixed(2)} | ${
      rss(runs.shopease)
    } MB |`,
    `| DuckDB (${threads} threads) | ${all(runs.duckdb)} | ${d.seconds.toFixed(2)} | ${
      rss(runs.duckdb)
    } MB |`,
    `| ratio ShopEase / DuckDB | | ${(s.seconds / d.seconds).toFixed(2)} | ${
      (Number(rss(runs.shopease)) / Number(rss(runs.duckdb))).toFixed(2)
    } |`,
    "",
    `load average before each run: ${loads.join("; ")}`,
  ].join("\n");
}
