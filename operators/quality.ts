/**
 * Data quality summary: quarantined records per source and reason, and the input identity
 * `input = valid + quarantined` per source.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";

/** One count of the quality summary. */
export interface QualityRow {
  /** The input table. */
  source: string;
  /** A quarantine reason code, or `valid` (records kept), or `total_input` (valid + quarantined). */
  reason: string;
  count: number;
}

/**
 * Adds one batch's outcomes to `counts`: its records under `valid`, each quarantine row under
 * its reason. The one place records are counted by outcome: {@linkcode quality} (replay) and a
 * live partition's progress both call it.
 *
 * @param counts outcome (`valid` or a reason code) → records so far; updated in place
 * @param batch a clean batch
 * @returns the records counted (valid + quarantined)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const counts = new Map<string, number>();
 * const bad = { source: "t", position: "t:1", reason: "late", raw: "", eventTime: null };
 * countOutcomes(counts, { table: "reviews", records: [], quarantine: [bad, bad] });
 * assert.deepEqual([...counts], [["late", 2]]);
 * ```
 */
export function countOutcomes(counts: Map<string, number>, batch: AnyBatch): number {
  const valid = batch.records.length;
  if (valid > 0) counts.set("valid", (counts.get("valid") ?? 0) + valid);
  const quarantine = batch.quarantine;
  for (let i = 0; i < quarantine.length; i++) {
    const reason = quarantine[i].reason;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return valid + quarantine.length;
}

/**
 * The rows of a quality summary: per source (sorted), its quarantine reasons (sorted, code-unit
 * order) with counts, then a `valid` row and a `total_input` row (valid + quarantined).
 *
 * @param counts source → outcome (`valid` or a reason code) → records, as
 *   {@linkcode countOutcomes} fills them
 * @returns the rows
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const counts = new Map([["reviews", new Map([["valid", 3], ["late", 1]])]]);
 * assert.deepEqual(qualityRows(counts).map((r) => [r.reason, r.count]),
 *   [["late", 1], ["valid", 3], ["total_input", 4]]);
 * ```
 */
export function qualityRows(
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
): QualityRow[] {
  const rows: QualityRow[] = [];
  for (const table of [...counts.keys()].sort()) {
    const entry = counts.get(table)!;
    const valid = entry.get("valid") ?? 0;
    let quarantined = 0;
    for (const reason of [...entry.keys()].sort()) {
      if (reason === "valid") continue;
      const count = entry.get(reason)!;
      quarantined += count;
      rows.push({ source: table, reason, count });
    }
    rows.push({ source: table, reason: "valid", count: valid });
    rows.push({ source: table, reason: "total_input", count: valid + quarantined });
  }
  return rows;
}

/**
 * Counts valid records and quarantine rows of every batch and, on completion, emits one array:
 * per source (sorted), its quarantine reasons (sorted, code-unit order) with counts, then a
 * `valid` row and a `total_input` row (valid + quarantined). The source is the batch's table,
 * not `QuarantineRow.source` (which can be a Kafka topic), so both counts line up per table.
 *
 * @returns An operator from batches to a single array of {@linkcode QualityRow}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * const bad = { source: "reviews", position: "r.json:element 2", reason: "invalid_rating",
 *   raw: "{}", eventTime: null };
 * const batch = { table: "reviews" as const, records: [], quarantine: [bad] };
 * const rows = await lastValueFrom(of(batch).pipe(quality()));
 * assert.deepEqual(rows.map((r) => [r.reason, r.count]),
 *   [["invalid_rating", 1], ["valid", 0], ["total_input", 1]]);
 * ```
 */
export function quality(): OperatorFunction<AnyBatch, QualityRow[]> {
  return (source) =>
    new Observable<QualityRow[]>((subscriber) => {
      const counts = new Map<string, Map<string, number>>(); // table → outcome → records
      return source.subscribe({
        next(batch) {
          let entry = counts.get(batch.table);
          if (entry === undefined) counts.set(batch.table, entry = new Map());
          countOutcomes(entry, batch);
        },
        error(error) {
          subscriber.error(error);
        },
        complete() {
          subscriber.next(qualityRows(counts));
          subscriber.complete();
        },
      });
    });
}

/**
 * Formats a quality summary for the terminal: an aligned table followed by one line per source
 * `source: input N = valid V + quarantined Q`, and an `all:` line when there are several sources.
 *
 * @param rows Rows as emitted by {@linkcode quality}.
 * @returns Text without a trailing newline.
 * @example
 * ```ts
 * formatQuality([
 *   { source: "reviews", reason: "invalid_rating", count: 2 },
 *   { source: "reviews", reason: "valid", count: 98 },
 *   { source: "reviews", reason: "total_input", count: 100 },
 * ]);
 * // source   reason          count
 * // reviews  invalid_rating      2
 * // reviews  valid              98
 * // reviews  total_input       100
 * //
 * // reviews: input 100 = valid 98 + quarantined 2
 * ```
 */
export function formatQuality(rows: readonly QualityRow[]): string {
  let sourceWidth = "source".length;
  let reasonWidth = "reason".length;
  let countWidth = "count".length;
  for (const row of rows) {
    sourceWidth = Math.max(sourceWidth, row.source.length);
    reasonWidth = Math.max(reasonWidth, row.reason.length);
    countWidth = Math.max(countWidth, String(row.count).length);
  }
  const line = (source: string, reason: string, count: string) =>
    `${source.padEnd(sourceWidth)}  ${reason.padEnd(reasonWidth)}  ${count.padStart(countWidth)}`;
  const lines = [line("source", "reason", "count")];
  const totals = new Map<string, { valid: number; input: number }>();
  for (const row of rows) {
    lines.push(line(row.source, row.reason, String(row.count)));
    const total = totals.get(row.source) ?? { valid: 0, input: 0 };
    if (row.reason === "valid") total.valid = row.count;
    if (row.reason === "total_input") total.input = row.count;
    totals.set(row.source, total);
  }
  if (totals.size > 0) lines.push("");
  let allValid = 0;
  let allInput = 0;
  for (const [source, { valid, input }] of totals) {
    lines.push(`${source}: input ${input} = valid ${valid} + quarantined ${input - valid}`);
    allValid += valid;
    allInput += input;
  }
  if (totals.size > 1) {
    lines.push(`all: input ${allInput} = valid ${allValid} + quarantined ${allInput - allValid}`);
  }
  return lines.join("\n");
}
