/**
 * `deno task bench`: measured figures for docs/BENCHMARKS.md. `replay` (the default) generates
 * the medium dataset once (cached in data/medium/) and replays it in a child process, reporting
 * records/s, MB/s and the child's peak RSS (VmHWM) read from /proc.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../pipeline/options.ts";
import { log } from "../pipeline/log.ts";
import { benchLive } from "../bench/live_bench.ts";
import { benchSse, formatSseBench } from "../bench/sse_bench.ts";
import { measureChild, type RunFigures } from "../bench/measure_child.ts";
import { benchCompare } from "../bench/bench_compare.ts";
import { benchStages } from "../bench/bench_stages.ts";
import { benchLiveLake } from "../bench/live_lake_bench.ts";

const OPTIONS: OptionSpec[] = [
  {
    name: "data",
    kind: "string",
    placeholder: "DIR",
    help: "dataset folder (generated when missing)",
    default: "data/medium",
  },
  {
    name: "scale",
    kind: "string",
    choices: ["small", "medium"],
    help: "scale to generate when the folder is missing",
    default: "medium",
  },
  {
    name: "events",
    kind: "int",
    min: 1,
    max: 1_000_000_000,
    placeholder: "N",
    help: "generate N events instead of a scale",
  },
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "scratch lake folder (replaced)",
    default: "/tmp/shopease-bench-lake",
  },
  {
    name: "runs",
    kind: "int",
    min: 1,
    max: 10,
    placeholder: "N",
    help: "replay runs; the best is reported",
    default: 1,
  },
  {
    name: "rate",
    kind: "number",
    min: 1,
    placeholder: "N",
    help:
      "live: produce rate of the latency run, events/s (live-lake: activity events/s, default 1500)",
    default: 5000,
  },
  {
    name: "duration",
    kind: "duration",
    min: 1000,
    placeholder: "DURATION",
    help: "live, live-lake, sse: length of the latency run",
    default: "30s",
  },
  {
    name: "clients",
    kind: "int",
    min: 1,
    placeholder: "N",
    help: "sse: concurrent event-stream clients",
    default: 500,
  },
  {
    name: "cycles",
    kind: "int",
    min: 1,
    placeholder: "N",
    help: "sse: connect/disconnect cycles of all clients for the memory run",
    default: 10,
  },
];

const USAGE =
  "deno task bench [replay|compare|stages|live|live-lake|sse] [--data DIR] [--scale medium] [--events N] [--runs N] [--rate N] [--duration D] [--clients N] [--cycles N]";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) total += (await Deno.stat(`${dir}/${entry.name}`)).size;
  }
  return total;
}

/** Runs `main.ts <args>` in a child process, with its wall time and peak RSS. */
function measure(args: string[]): Promise<RunFigures> {
  return measureChild(["run", "-A", "main.ts", ...args]);
}

/**
 * Runs `bench`.
 *
 * @param args arguments after `bench`
 * @returns exit status
 */
export async function benchCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      formatHelp(
        USAGE,
        "replay: throughput and peak memory on the medium dataset. compare: the same job (activity CSV → pseudonymized Parquet by date → active users and conversion per minute) in ShopEase and in DuckDB on --events generated events (default 2,000,000), --runs alternating runs, wall time, peak RSS and their ratio. stages: the replay's source, decode and pseudonymize steps on the same input, each timed alone in --runs rounds, beside bench/columnar_floor.ts (the same work straight into columns, with no object per row). live: Kafka → Redis events/s on a backlog of --events (default 1,000,000) and event-to-Redis latency at --rate for --duration. sse: --clients event streams on the console server, delivery latency at one event per second for --duration, server RSS over --cycles connect/disconnect cycles, and the console bundle size. live-lake: --data (default: --events generated, 300,000) produced into four fresh 4-partition topics, then `consume --until-caught-up` into a fresh lake and `replay` of the same files (alternating which goes first, --runs times): wall time, records/s, peak RSS, lake parts and table versions; then event → lake part and event → reports latency at --rate activity events/s (default 1,500, plus a transaction per purchase) for --duration, on a new lake and after a restart on the last run's lake. Prints a Markdown table for docs/BENCHMARKS.md.",
        OPTIONS,
      ),
    );
    return 0;
  }
  const { values, positionals, origin } = parseOptions(OPTIONS, args);
  const which = positionals[0] ?? "replay";
  if (which === "live") {
    console.log(
      await benchLive({
        events: (values.events as number | undefined) ?? 1_000_000,
        rate: values.rate as number,
        durationMs: values.duration as number,
      }),
    );
    return 0;
  }
  if (which === "live-lake") {
    console.log(
      await benchLiveLake({
        data: origin.data === "default" ? undefined : values.data as string,
        events: (values.events as number | undefined) ?? 300_000,
        runs: values.runs as number,
        rate: origin.rate === "default" ? 1500 : values.rate as number,
        durationMs: values.duration as number,
        scratch: `${values.lake as string}-live-lake`,
      }),
    );
    return 0;
  }
  if (which === "sse") {
    const figures = await benchSse({
      clients: values.clients as number,
      durationMs: values.duration as number,
      cycles: values.cycles as number,
    });
    console.log(formatSseBench(figures));
    return 0;
  }
  if (which === "compare") {
    const events = (values.events as number | undefined) ?? 2_000_000;
    console.log(
      await benchCompare({
        events,
        runs: values.runs as number,
        data: origin.data === "default" ? `data/bench-${events}` : values.data as string,
        scratch: `${values.lake as string}-compare`,
      }),
    );
    return 0;
  }
  if (which === "stages") {
    const events = (values.events as number | undefined) ?? 2_000_000;
    const data = origin.data === "default" ? `data/bench-${events}` : values.data as string;
    console.log(await benchStages({ events, runs: values.runs as number, data }));
    return 0;
  }
  if (which !== "replay") {
    throw new UsageError(
      `unknown benchmark ${
        JSON.stringify(which)
      }; try replay, compare, stages, live, live-lake or sse`,
    );
  }
  const data = values.data as string;
  if (!(await exists(`${data}/manifest.json`))) {
    log.info(`bench: generating ${data} (once; later runs reuse it)`);
    const gen = ["generate", "--out", data, "--no-progress"];
    if (values.events) gen.push("--events", String(values.events));
    else gen.push("--scale", values.scale as string);
    const g = await measure(gen);
    log.info(`bench: generated in ${g.seconds.toFixed(1)} s`);
  }
  const manifest = JSON.parse(await Deno.readTextFile(`${data}/manifest.json`));
  const bytes = await dirBytes(data);
  const lake = values.lake as string;
  let best: RunFigures | undefined;
  for (let i = 0; i < (values.runs as number); i++) {
    await Deno.remove(lake, { recursive: true }).catch(() => {});
    const run = await measure(["replay", "--input", data, "--lake", lake, "--no-progress"]);
    log.info(
      `bench: run ${i + 1}: ${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
    );
    if (!best || run.seconds < best.seconds) best = run;
  }
  const m = /replayed ([\d,]+) records/.exec(best!.output);
  const records = m ? Number(m[1].replaceAll(",", "")) : NaN;
  const events = Number(manifest?.counts?.activity ?? manifest?.files?.activity?.rows ?? NaN);
  const cmd = `deno task bench replay --data ${data}`;
  console.log(
    `| command | input | records | seconds | records/s | activity events/s | MB/s | peak RSS |
|---|---|---|---|---|---|---|---|
| \`${cmd}\` | ${(bytes / 1e6).toFixed(0)} MB | ${records.toLocaleString("en-US")} | ${
      best!.seconds.toFixed(2)
    } | ${Math.round(records / best!.seconds).toLocaleString("en-US")} | ${
      Number.isFinite(events) ? Math.round(events / best!.seconds).toLocaleString("en-US") : "n/a"
    } | ${(bytes / 1e6 / best!.seconds).toFixed(1)} | ${best!.peakRssMb.toFixed(0)} MB |`,
  );
  return 0;
}
