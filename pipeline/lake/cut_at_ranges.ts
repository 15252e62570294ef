/**
 * Where a restarted partition must cut the messages it reads again, so that every batch lines up
 * with the lake's committed parts.
 *
 * @module
 */

import type { OffsetRange } from "./live_part_name.ts";

/**
 * Splits the fetched offsets `first … last` of one topic partition into batches whose boundaries
 * include every boundary of the committed `ranges` (from `committedRanges`): a batch then equals
 * a committed range, lies inside a compacted one, or holds only new offsets. Kafka's fetch sizes
 * decide where a batch would otherwise end, and a batch that straddled a committed part could be
 * written neither again (it would double rows) nor skipped (it would lose some).
 *
 * Pure: no I/O, the same input gives the same cuts.
 *
 * @param first First fetched offset.
 * @param last Last fetched offset (`>= first`).
 * @param ranges Committed ranges of this topic partition, in any order, possibly nested.
 * @returns `[first, last]` pairs covering `first … last` in order, without gaps.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const committed = [{ topic: "t", partition: 0, first: 100, last: 199 }];
 * assert.deepEqual(cutAtRanges(150, 260, committed), [[150, 199], [200, 260]]);
 * assert.deepEqual(cutAtRanges(300, 310, committed), [[300, 310]]);
 * ```
 */
export function cutAtRanges(
  first: number,
  last: number,
  ranges: readonly OffsetRange[],
): [number, number][] {
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last)) {
    throw new RangeError(`cutAtRanges() needs first <= last; got ${first}-${last}`);
  }
  const cuts = new Set<number>();
  for (const range of ranges) {
    // A batch starts at each committed range's first offset and right after its last.
    if (range.first > first && range.first <= last) cuts.add(range.first);
    if (range.last + 1 > first && range.last + 1 <= last) cuts.add(range.last + 1);
  }
  const starts = [first, ...[...cuts].sort((a, b) => a - b)];
  const out: [number, number][] = [];
  for (let i = 0; i < starts.length; i++) {
    out.push([starts[i], i + 1 < starts.length ? starts[i + 1] - 1 : last]);
  }
  return out;
}
