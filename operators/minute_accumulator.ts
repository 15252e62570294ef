/**
 * The pooled state of one open minute of `minuteActivity()` and its figures.
 *
 * @module
 */

import { DistinctStrings } from "./distinct_strings.ts";
import type { MinuteActivity } from "./minute_activity.ts";
import type { ActivityEvent } from "./types.ts";

/**
 * The state of one open minute. Accumulators are pooled: a replay opens and closes hundreds of
 * thousands of minutes of a few events each, and fresh sets and typed arrays per minute were most
 * of this operator's time.
 */
export interface Accumulator {
  users: DistinctStrings;
  sessions: DistinctStrings;
  converted: DistinctStrings;
  /** Events per type so far, in `EVENT_TYPES` order. */
  counts: number[];
}

/**
 * An empty accumulator: one from `pool` (reset) or a new one.
 *
 * @param pool Accumulators of closed minutes; the one returned is taken from it.
 * @returns An accumulator with no events.
 */
export function create(pool: Accumulator[]): Accumulator {
  const acc = pool.pop();
  if (acc === undefined) {
    return {
      users: new DistinctStrings(),
      sessions: new DistinctStrings(),
      converted: new DistinctStrings(),
      counts: [0, 0, 0, 0],
    };
  }
  acc.users.reset();
  acc.sessions.reset();
  acc.converted.reset();
  const counts = acc.counts;
  counts[0] =
    counts[1] =
    counts[2] =
    counts[3] =
      0;
  return acc;
}

/**
 * Counts one event in its minute's accumulator.
 *
 * @param acc The event's minute.
 * @param event An activity event of that minute.
 */
export function add(acc: Accumulator, event: ActivityEvent): void {
  acc.users.add(event.userId);
  acc.sessions.add(event.userSession);
  switch (event.eventType) {
    case "view":
      acc.counts[0]++;
      break;
    case "cart":
      acc.counts[1]++;
      break;
    case "remove_from_cart":
      acc.counts[2]++;
      break;
    case "purchase":
      acc.counts[3]++;
      acc.converted.add(event.userSession);
      break;
  }
}

/**
 * The figures of a minute, its counts copied into an array of their own. Why an array literal:
 * a view into one typed array shared by the minutes closed together (`subarray`) cost about
 * half a microsecond per minute, a quarter of a second on a 2M-event replay.
 *
 * @param acc The minute's accumulator.
 * @param start The minute's start, ms since the epoch.
 * @returns The minute's figures.
 */
export function result(acc: Accumulator, start: number): MinuteActivity {
  const from = acc.counts;
  return {
    minute: start,
    users: acc.users.size,
    sessions: acc.sessions.size,
    converted: acc.converted.size,
    counts: [from[0], from[1], from[2], from[3]],
  };
}

/**
 * The figures so far of a minute still open, marked `partial` (its counts are a copy: they keep
 * growing in the accumulator).
 *
 * @param acc The minute's accumulator.
 * @param start The minute's start, ms since the epoch.
 * @returns The minute's figures so far.
 */
export function partialResult(acc: Accumulator, start: number): MinuteActivity {
  const out = result(acc, start);
  out.partial = true;
  return out;
}
