/**
 * The `quality` report from per-partition partial state: valid and quarantined records counted
 * per table and outcome, summed across partitions.
 *
 * @module
 */

import type { AnyBatch } from "../types.ts";
import { countOutcomes, qualityRows } from "../quality.ts";
import type { PartialFamily, PartitionPartial } from "./partial_family.ts";

/** Records per table per outcome (`valid` or a quarantine reason code). */
export type QualitySnapshot = { [table: string]: { [outcome: string]: number } };

/**
 * The quality family: a partition counts the records and quarantine rows of its batches (every
 * table); snapshots merge by summing. A table appears once any batch of it was seen, even an
 * empty one, as in the `quality` operator.
 *
 * @returns the family of the `quality` report
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const family = qualityFamily();
 * const bad = { source: "reviews", position: "r:1", reason: "late", raw: "", eventTime: null };
 * const [a, b] = [family.create(), family.create()];
 * a.add({ table: "reviews", records: [], quarantine: [bad] });
 * b.add({ table: "reviews", records: [], quarantine: [bad] });
 * const rows = family.finish(family.merge([a.snapshot(), b.snapshot()])).quality;
 * assert.deepEqual(rows.map((r) => [r.reason, r.count]),
 *   [["late", 2], ["valid", 0], ["total_input", 2]]);
 * ```
 */
export function qualityFamily(): PartialFamily<QualitySnapshot, "quality"> {
  return {
    name: "quality",
    reports: ["quality"],
    tables: ["activity", "transactions", "inventory", "reviews"],
    create(): PartitionPartial<QualitySnapshot> {
      const counts = new Map<string, Map<string, number>>();
      return {
        add(batch: AnyBatch): void {
          let entry = counts.get(batch.table);
          if (entry === undefined) counts.set(batch.table, entry = new Map());
          countOutcomes(entry, batch);
        },
        snapshot: () => toSnapshot(counts),
      };
    },
    merge(snapshots: readonly QualitySnapshot[]): QualitySnapshot {
      return toSnapshot(sum(snapshots));
    },
    finish(merged: QualitySnapshot) {
      return { quality: qualityRows(sum([merged])) };
    },
  };
}

/** Adds up snapshots into maps. */
function sum(snapshots: readonly QualitySnapshot[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const snapshot of snapshots) {
    for (const [table, outcomes] of Object.entries(snapshot)) {
      let entry = counts.get(table);
      if (entry === undefined) counts.set(table, entry = new Map());
      for (const [outcome, count] of Object.entries(outcomes)) {
        entry.set(outcome, (entry.get(outcome) ?? 0) + count);
      }
    }
  }
  return counts;
}

/** The counts as JSON, keys sorted so that equal counts give equal text. */
function toSnapshot(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): QualitySnapshot {
  const snapshot: QualitySnapshot = {};
  for (const table of [...counts.keys()].sort()) {
    const outcomes: { [outcome: string]: number } = {};
    const entry = counts.get(table)!;
    for (const outcome of [...entry.keys()].sort()) outcomes[outcome] = entry.get(outcome)!;
    snapshot[table] = outcomes;
  }
  return snapshot;
}
