/**
 * Names of live lake parts: the Kafka topic, partition and offset range whose rows a part holds.
 *
 * @module
 */

/** The offsets `first … last` (inclusive) of one partition of one topic. */
export interface OffsetRange {
  topic: string;
  partition: number;
  first: number;
  last: number;
}

/** Characters Kafka allows in a topic name. */
const TOPIC = /^[A-Za-z0-9._-]+$/;
const LIVE_PART = /^part-([A-Za-z0-9._-]+)-p(\d+)-o(\d{16})-(\d{16})\.parquet$/;

/**
 * The file name of the live part holding the rows of `range`:
 * `part-<topic>-p<partition>-o<first>-<last>.parquet`, offsets in 16 digits. Every table a batch feeds names its part
 * after the batch's range, so the name records which input the part covers.
 *
 * @param range The batch's topic, partition and offsets.
 * @returns The file name.
 * @throws {RangeError} naming the value for a topic Kafka would not accept or offsets that are
 *   not safe integers with `first <= last`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const range = { topic: "shopease.activity", partition: 3, first: 100, last: 199 };
 * assert.equal(
 *   livePartName(range),
 *   "part-shopease.activity-p3-o0000000000000100-0000000000000199.parquet",
 * );
 * ```
 */
export function livePartName(range: OffsetRange): string {
  const { topic, partition, first, last } = range;
  if (!TOPIC.test(topic)) throw new RangeError(`not a Kafka topic name: ${JSON.stringify(topic)}`);
  if (!Number.isSafeInteger(partition) || partition < 0) {
    throw new RangeError(`partition must be a non-negative integer; got ${partition}`);
  }
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || last < first) {
    throw new RangeError(`offset range must satisfy 0 <= first <= last; got ${first}-${last}`);
  }
  return `part-${topic}-p${partition}-o${pad(first)}-${pad(last)}.parquet`;
}

/**
 * Offsets are written with 16 digits (every safe integer fits), so file names sort in offset
 * order: readers that take files in name order (`readTable`, the SQL views' `seq` of inventory
 * updates) then read one partition's rows in the order Kafka delivered them.
 */
function pad(offset: number): string {
  return String(offset).padStart(16, "0");
}

/**
 * Reads the range back from a live part's file name.
 *
 * @param name A file name.
 * @returns The range, or `null` when `name` is no live part (a replay part `part-00000.parquet`,
 *   a temporary file).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const name = "part-t.x-p0-o0000000000000005-0000000000000009.parquet";
 * assert.deepEqual(parseLivePartName(name), { topic: "t.x", partition: 0, first: 5, last: 9 });
 * assert.equal(parseLivePartName("part-00000.parquet"), null);
 * ```
 */
export function parseLivePartName(name: string): OffsetRange | null {
  const match = LIVE_PART.exec(name);
  if (match === null) return null;
  const range = {
    topic: match[1],
    partition: Number(match[2]),
    first: Number(match[3]),
    last: Number(match[4]),
  };
  if (!Number.isSafeInteger(range.last) || range.last < range.first) return null;
  return range;
}
