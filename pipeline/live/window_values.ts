/**
 * Turns the per-minute report rows of one partition into the store's per-partition values.
 *
 * @module
 */

import type { ActiveUsersRow } from "../../operators/active_users.ts";
import type { ConversionRow } from "../../operators/conversion.ts";
import { EVENT_TYPES, type EventCountRow } from "../../operators/event_counts.ts";
import type { WindowValue } from "../store/metrics_store.ts";

/**
 * Active users rows as store values.
 *
 * @param partition the Kafka partition the rows were computed from
 * @param rows minutes of `activeUsers()`, closed or open so far
 * @returns one value per minute
 */
export function activeUsersValues(partition: number, rows: ActiveUsersRow[]): WindowValue[] {
  const values = new Array<WindowValue>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const { minute, active_users } = rows[i];
    values[i] = { metric: "active_users", partition, minute, value: { active_users } };
  }
  return values;
}

/**
 * Conversion rows as store values (the rate is recomputed from the sums when read).
 *
 * @param partition the Kafka partition the rows were computed from
 * @param rows minutes of `conversion()`, closed or open so far
 * @returns one value per minute
 */
export function conversionValues(partition: number, rows: ConversionRow[]): WindowValue[] {
  const values = new Array<WindowValue>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const { minute, sessions, converted_sessions } = rows[i];
    values[i] = {
      metric: "conversion",
      partition,
      minute,
      value: { sessions, converted_sessions },
    };
  }
  return values;
}

/**
 * Sparse event count rows as store values, one per minute with every event type (0 where the
 * report has no row), so the value replaces whatever the partition stored for that minute.
 *
 * @param partition the Kafka partition the rows were computed from
 * @param rows minutes of `eventCounts()`, closed or open so far, all rows of a minute together
 * @returns one value per minute
 */
export function eventCountValues(partition: number, rows: EventCountRow[]): WindowValue[] {
  const values: WindowValue[] = [];
  let current: WindowValue | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (current === undefined || current.minute !== row.minute) {
      const value: Record<string, number> = {};
      for (const type of EVENT_TYPES) value[type] = 0;
      current = { metric: "event_counts", partition, minute: row.minute, value };
      values.push(current);
    }
    current.value[row.event_type] = row.count;
  }
  return values;
}
