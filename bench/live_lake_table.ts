/**
 * The Markdown tables `deno task bench live-lake` prints.
 *
 * @module
 */

import type { LatencyFigures } from "./live_lake_latency.ts";
import type { LiveLakeRun } from "./live_lake_bench.ts";
import { quantiles } from "./latency_match.ts";

/**
 * Formats the throughput runs, the last run's lake census and the latency runs.
 *
 * @param runs throughput runs, in order
 * @param latencies latency runs with their labels
 * @param rate activity events/s of the latency runs
 * @returns three Markdown tables
 */
export function formatLiveLakeBench(
  runs: readonly LiveLakeRun[],
  latencies: readonly { label: string; figures: LatencyFigures }[],
  rate: number,
): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const row = (...cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const lines = [
    row(
      "run",
      "records",
      "produce s",
      "consume s",
      "records/s",
      "peak RSS",
      "replay s",
      "records/s",
      "peak RSS",
      "load (start, mid, end)",
    ),
    row("---", "---", "---", "---", "---", "---", "---", "---", "---", "---"),
  ];
  runs.forEach((r, i) => {
    lines.push(row(
      i + 1,
      n(r.records),
      r.produce.seconds.toFixed(1),
      r.consume.seconds.toFixed(1),
      n(r.records / r.consume.seconds),
      `${n(r.consume.peakRssMb)} MB`,
      r.replay.seconds.toFixed(1),
      n(r.records / r.replay.seconds),
      `${n(r.replay.peakRssMb)} MB`,
      r.loads.join("; "),
    ));
  });
  const census = runs.at(-1)!;
  lines.push(
    "",
    row("table (last run)", "live parts", "live folders", "live versions", "replay parts"),
  );
  lines.push(row("---", "---", "---", "---", "---"));
  census.live.forEach((t, i) => {
    lines.push(row(t.table, n(t.parts), n(t.folders), n(t.versions), n(census.replayed[i].parts)));
  });
  const q = (values: Float64Array) => {
    const { p50, p95, p99, max } = quantiles(values);
    return `${n(p50)} / ${n(p95)} / ${n(p99)} / ${n(max)}`;
  };
  lines.push(
    "",
    row(
      `latency at ${n(rate)} activity events/s, ms`,
      "messages",
      "catch-up s",
      "→ lake part p50 / p95 / p99 / max",
      "→ reports p50 / p95 / p99 / max",
      "report writes",
      "not seen (lake, reports)",
    ),
    row("---", "---", "---", "---", "---", "---", "---"),
  );
  for (const { label, figures: f } of latencies) {
    lines.push(row(
      label,
      n(f.messages),
      f.catchUpSeconds.toFixed(1),
      q(f.lake),
      q(f.reports),
      f.reportWrites,
      `${f.missingLake}, ${f.missingReports}`,
    ));
  }
  return lines.join("\n");
}
