/**
 * Offsets of raw records from their positions, and cutting a raw batch at an offset.
 *
 * @module
 */

import type { RawBatch } from "../../operators/types.ts";

/**
 * The offset in a stream position `source/partition@offset`.
 *
 * @param position e.g. `shopease.activity/3@1042`
 * @returns the offset, e.g. `1042n`
 * @throws {TypeError} naming the position when it has no `@offset`
 */
export function positionOffset(position: string): bigint {
  const at = position.lastIndexOf("@");
  const text = position.slice(at + 1);
  if (at < 0 || !/^\d+$/.test(text)) {
    throw new TypeError(`position has no @offset: ${JSON.stringify(position)}`);
  }
  return BigInt(text);
}

/** Index of the first item whose position's offset is at least `cut` (items in offset order). */
function firstAtOrAfter(items: readonly { position: string }[], cut: bigint): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positionOffset(items[mid].position) < cut) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Splits one partition's raw batch into the records and quarantine rows below `cut` and the
 * rest, keeping their order. Records and quarantine rows must each be in offset order, as
 * `kafkaRawBatch` makes them.
 *
 * @param batch a batch of one partition
 * @param cut the first offset of the second part
 * @returns `[below, rest]`; byte counts stay those of the whole batch
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const record = (offset: number) =>
 *   ({ source: "topic", position: `topic/0@${offset}`, raw: "{}", fields: {} });
 * const batch = { table: "activity" as const, records: [record(999), record(1000)], quarantine: [],
 *   bytesRead: 0, bytesTotal: 0 };
 * const [head, tail] = splitRawBatch(batch, 1000n); // head: offsets < 1000
 * assert.deepEqual([head.records.length, tail.records.length], [1, 1]);
 * ```
 */
export function splitRawBatch(batch: RawBatch, cut: bigint): [RawBatch, RawBatch] {
  const r = firstAtOrAfter(batch.records, cut);
  const q = firstAtOrAfter(batch.quarantine, cut);
  return [
    { ...batch, records: batch.records.slice(0, r), quarantine: batch.quarantine.slice(0, q) },
    { ...batch, records: batch.records.slice(r), quarantine: batch.quarantine.slice(q) },
  ];
}
