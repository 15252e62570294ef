/**
 * The terminal's account of what a run read: per source `input = valid + quarantined` with the
 * counts by reason, from the `quality` report's rows (`replay` and `consume` print it).
 *
 * @module
 */

import type { QualityRow } from "../operators/quality.ts";

/** One source's counts. */
export interface SourceCounts {
  source: string;
  total: number;
  valid: number;
  /** Quarantine reasons and their counts, as the report orders them. */
  reasons: [string, number][];
}

/**
 * Groups the quality report's rows by source.
 *
 * @param rows the report's rows; `total_input` and `valid` are the totals
 * @returns one entry per source, in the rows' order
 */
export function sourceCounts(rows: readonly QualityRow[]): SourceCounts[] {
  const bySource = new Map<string, SourceCounts>();
  for (const row of rows) {
    const source = String(row.source);
    let entry = bySource.get(source);
    if (entry === undefined) {
      entry = { source, total: 0, valid: 0, reasons: [] };
      bySource.set(source, entry);
    }
    const count = Number(row.count);
    if (row.reason === "valid") entry.valid = count;
    else if (row.reason === "total_input") entry.total = count;
    else entry.reasons.push([String(row.reason), count]);
  }
  return [...bySource.values()];
}

/**
 * The lines `source: input N = valid V + quarantined Q (reason n, …)`.
 *
 * @param rows the quality report's rows
 * @returns one line per source
 * @example qualityLines([{ source: "activity", reason: "total_input", count: 2 }, { source: "activity", reason: "valid", count: 2 }]) // ["activity: input 2 = valid 2 + quarantined 0"]
 */
export function qualityLines(rows: readonly QualityRow[]): string[] {
  return sourceCounts(rows).map((e) =>
    `${e.source}: input ${e.total} = valid ${e.valid} + quarantined ${e.total - e.valid}` +
    (e.reasons.length ? ` (${e.reasons.map(([r, n]) => `${r} ${n}`).join(", ")})` : "")
  );
}
