/**
 * Event-time bucketing helpers: minute and month boundaries and their text keys, all in UTC.
 *
 * They read only the event time they are given, never the wall clock, so they are safe in
 * operators and in replays.
 *
 * @module
 */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * Start of the UTC minute that contains `t`.
 *
 * @param t Event time in ms since the epoch.
 * @returns `t` rounded down to a whole minute.
 * @example
 * ```ts
 * minuteStart(Date.UTC(2019, 9, 1, 0, 5, 42)); // Date.UTC(2019, 9, 1, 0, 5)
 * ```
 */
export function minuteStart(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/**
 * The UTC minute that contains `t` as an ISO-8601 string, the key of per-minute rows.
 *
 * @param t Event time in ms since the epoch.
 * @returns For example `2019-10-01T00:05:00.000Z`.
 */
export function isoMinute(t: number): string {
  return new Date(minuteStart(t)).toISOString();
}

/**
 * The UTC calendar month that contains `t`.
 *
 * @param t Event time in ms since the epoch.
 * @returns `YYYY-MM`, for example `2019-10`.
 */
export function monthKey(t: number): string {
  const d = new Date(t);
  const m = d.getUTCMonth() + 1;
  return `${d.getUTCFullYear()}-${m < 10 ? "0" : ""}${m}`;
}

/**
 * The UTC calendar day that contains `t`, the lake's partition key.
 *
 * @param t Event time in ms since the epoch.
 * @returns `YYYY-MM-DD`, for example `2019-10-01`.
 */
export function dayKey(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Start of the UTC calendar month that contains `t`.
 *
 * @param t Event time in ms since the epoch.
 * @returns Midnight UTC on the first day of that month, in ms.
 */
export function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/**
 * Start of the UTC calendar month after the one that contains `t` (the exclusive end of its month).
 *
 * @param t Event time in ms since the epoch.
 * @returns Midnight UTC on the first day of the next month, in ms.
 */
export function nextMonthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
