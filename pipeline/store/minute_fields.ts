/**
 * How per-partition minute values are laid out as hash fields (`<partition>:<key>`), and how
 * they are summed back into report rows. Shared by both stores so they agree exactly.
 *
 * @module
 */

import { EVENT_TYPES } from "../../operators/registry.ts";
import type { MinuteMetric, MinuteRowOf, WindowValue } from "./metrics_store.ts";

/** The summable keys of each metric's values. */
export const VALUE_KEYS: Readonly<Record<MinuteMetric, readonly string[]>> = {
  active_users: ["active_users"],
  conversion: ["sessions", "converted_sessions"],
  event_counts: EVENT_TYPES,
};

/**
 * Parses an ISO minute into its sort score.
 *
 * @param minute e.g. `2019-10-01T00:05:00.000Z`
 * @returns ms since epoch
 * @throws {TypeError} when the text is not a timestamp
 */
export function minuteScore(minute: string): number {
  const t = Date.parse(minute);
  if (!Number.isFinite(t)) throw new TypeError(`not an ISO-8601 minute: ${JSON.stringify(minute)}`);
  return t;
}

/**
 * Turns one partition's value into hash fields `<partition>:<key>` → count; a later stream of the
 * partition (its topic re-created) writes `<partition>~<stream>:<key>`, summed alike.
 *
 * @param row the partition's value for a minute
 * @returns field/value pairs
 * @throws {TypeError} on an unknown metric or key, a bad partition, or a non-finite count
 */
export function minuteFields(row: WindowValue): [string, number][] {
  const keys = VALUE_KEYS[row.metric];
  if (keys === undefined) throw new TypeError(`unknown metric ${JSON.stringify(row.metric)}`);
  if (!Number.isInteger(row.partition) || row.partition < 0) {
    throw new TypeError(`partition must be a non-negative integer; got ${row.partition}`);
  }
  const stream = row.stream ?? 0;
  if (!Number.isInteger(stream) || stream < 0) {
    throw new TypeError(`stream must be a non-negative integer; got ${row.stream}`);
  }
  const owner = stream === 0 ? `${row.partition}` : `${row.partition}~${stream}`;
  const fields: [string, number][] = [];
  for (const [key, count] of Object.entries(row.value)) {
    if (key === "rate" && row.metric === "conversion") continue;
    if (!keys.includes(key)) {
      throw new TypeError(
        `${row.metric} has no value ${JSON.stringify(key)}; expected ${keys.join(", ")}`,
      );
    }
    if (!Number.isFinite(count)) {
      throw new TypeError(`${row.metric} ${key} for ${row.minute} is not a number: ${count}`);
    }
    fields.push([`${owner}:${key}`, count]);
  }
  return fields;
}

/**
 * Sums a minute's hash fields over partitions into report rows.
 *
 * @param metric which metric
 * @param minute the minute, ISO-8601
 * @param fields field → count as stored (`<partition>:<key>`)
 * @returns one row (four for `event_counts`), or none when `fields` is empty
 */
export function sumMinute<M extends MinuteMetric>(
  metric: M,
  minute: string,
  fields: Record<string, string | number>,
): MinuteRowOf[M][] {
  const totals: Record<string, number> = {};
  let any = false;
  for (const [field, count] of Object.entries(fields)) {
    const key = field.slice(field.indexOf(":") + 1);
    totals[key] = (totals[key] ?? 0) + Number(count);
    any = true;
  }
  if (!any) return [];
  const rows: unknown[] = [];
  if (metric === "active_users") {
    rows.push({ minute, active_users: totals.active_users ?? 0 });
  } else if (metric === "conversion") {
    const sessions = totals.sessions ?? 0;
    const converted = totals.converted_sessions ?? 0;
    const rate = sessions === 0 ? 0 : Math.round((converted / sessions) * 1e6) / 1e6;
    rows.push({ minute, sessions, converted_sessions: converted, rate });
  } else {
    for (const type of EVENT_TYPES) {
      rows.push({ minute, event_type: type, count: totals[type] ?? 0 });
    }
  }
  return rows as MinuteRowOf[M][];
}
