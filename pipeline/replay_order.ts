/**
 * Replay's pull order: the source whose table is furthest behind in event time is read next, so
 * multi-table operators (the activity ⨝ transactions join) keep only what their windows need.
 *
 * @module
 */

import type { RawBatch, TableName } from "../operators/types.ts";

/** One input source of a replay and how far it has been read. */
export interface SourceState {
  table: TableName;
  iterator: AsyncIterator<RawBatch>;
  bytesRead: number;
  bytesTotal: number;
  done: boolean;
}

/**
 * The unfinished source whose table is furthest behind in event time (unstarted ones first).
 *
 * @param sources the replay's sources
 * @param latest largest event time written per table so far
 * @returns the source to read next, or `undefined` when all are done
 */
export function behindmost(
  sources: SourceState[],
  latest: Partial<Record<TableName, number>>,
): SourceState | undefined {
  let best: SourceState | undefined;
  let bestTime = Infinity;
  for (const s of sources) {
    if (s.done) continue;
    const t = latest[s.table] ?? -Infinity;
    if (best === undefined || t < bestTime) {
      best = s;
      bestTime = t;
    }
  }
  return best;
}
