/**
 * Turns one partition's per-minute figures into the store's per-partition values.
 *
 * @module
 */

import type { MinuteActivity } from "../../operators/minute_activity.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import { isoMinute } from "../../operators/time_buckets.ts";
import type { WindowValue } from "../store/metrics_store.ts";

/**
 * The store values of `minuteActivity()` output: per minute, its active users, its conversion
 * sums (the rate is recomputed from the sums when read) and its event counts with every event
 * type (0 where none), so each value replaces whatever the partition stored for that minute.
 * The minute becomes ISO text here, at the store's edge.
 *
 * @param partition the Kafka partition the minutes were computed from
 * @param minutes minutes closed, or open so far (`partial`)
 * @returns three values per minute: active users, conversion, event counts
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const minute = { minute: Date.UTC(2019, 9, 1), users: 2, sessions: 2, converted: 1,
 *   counts: [3, 0, 0, 1] };
 * const values = minuteValues(0, [minute]);
 * assert.deepEqual(values.map((v) => v.metric), ["active_users", "conversion", "event_counts"]);
 * assert.deepEqual(values[2].value, { view: 3, cart: 0, remove_from_cart: 0, purchase: 1 });
 * ```
 */
export function minuteValues(partition: number, minutes: readonly MinuteActivity[]): WindowValue[] {
  const values = new Array<WindowValue>(minutes.length * 3);
  for (let i = 0; i < minutes.length; i++) {
    const { users, sessions, converted, counts } = minutes[i];
    const minute = isoMinute(minutes[i].minute);
    const byType: Record<string, number> = {};
    for (let k = 0; k < EVENT_TYPES.length; k++) byType[EVENT_TYPES[k]] = counts[k];
    values[3 * i] = { metric: "active_users", partition, minute, value: { active_users: users } };
    values[3 * i + 1] = {
      metric: "conversion",
      partition,
      minute,
      value: { sessions, converted_sessions: converted },
    };
    values[3 * i + 2] = { metric: "event_counts", partition, minute, value: byType };
  }
  return values;
}
