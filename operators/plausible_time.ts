/**
 * The plausible event-time window: a record dated outside it (year 9999, 1970 from a zero
 * timestamp) is quarantined as `implausible_time` instead of moving watermarks and months.
 *
 * @module
 */

/** Bounds of plausible event time, ms since the epoch, both inclusive. */
export interface PlausibleTime {
  /** Earliest plausible event time. */
  min: number;
  /** Latest plausible event time. */
  max: number;
  /**
   * How far past its arrival a record may be dated: a record that knows when it arrived (a
   * Kafka message's timestamp, `RawRecord.arrivedAt`) is judged against `arrivedAt + maxFuture`
   * when that is earlier than `max`, so reading the message again, later, judges it the same (a
   * re-read partition must give the rows it gave), and a timestamp its producer set in the far
   * future carries no record past `max`. Without it, `max` holds for every record.
   */
  maxFuture?: number;
}

/** The reason code of a record whose event time lies outside the window. */
export const IMPLAUSIBLE_TIME = "implausible_time";

/** Default floor: 2000-01-01T00:00:00Z. Older shop data is rare enough to ask for an option. */
export const DEFAULT_MIN_EVENT_TIME: number = Date.UTC(2000, 0, 1);

/** Default allowed skew into the future: one day past "now", for clocks and time zones. */
export const DEFAULT_MAX_FUTURE_MS = 86_400_000;

/**
 * The window for a run that started at `now`: from `min` to `now + maxFuture`. The caller reads
 * the clock (once per replay), so the operators that use the window stay deterministic.
 *
 * @param now The run's "now", ms since the epoch.
 * @param maxFuture How far past `now` an event may lie, ms.
 * @param min The earliest plausible event time, ms since the epoch.
 * @returns The window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const window = plausibleTimeAt(Date.UTC(2026, 0, 1));
 * assert.equal(window.max, Date.UTC(2026, 0, 2));
 * assert.equal(window.maxFuture, 86_400_000);
 * assert.equal(window.min, Date.UTC(2000, 0, 1));
 * ```
 */
export function plausibleTimeAt(
  now: number,
  maxFuture: number = DEFAULT_MAX_FUTURE_MS,
  min: number = DEFAULT_MIN_EVENT_TIME,
): PlausibleTime {
  return { min, max: now + maxFuture, maxFuture };
}

/**
 * True when `eventTime` lies inside the window (bounds included).
 *
 * @param eventTime ms since the epoch.
 * @param window The plausible window.
 * @param arrivedAt When the record arrived, ms since the epoch, if its source says
 *   (`RawRecord.arrivedAt`): with `window.maxFuture`, the latest plausible time is
 *   `arrivedAt + maxFuture` when that is earlier than `window.max`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const window = { min: 0, max: 1000 };
 * assert.equal(isPlausibleTime(1000, window), true);
 * assert.equal(isPlausibleTime(1001, window), false);
 * const live = { min: 0, max: 1100, maxFuture: 100 }; // read at 1000
 * assert.equal(isPlausibleTime(1050, live, 950), true); // arrived at 950: up to 1050
 * assert.equal(isPlausibleTime(1051, live, 950), false);
 * assert.equal(isPlausibleTime(1051, live), true); // no arrival time: up to max
 * assert.equal(isPlausibleTime(1200, live, 5000), false); // stamped after "now": up to max
 * ```
 */
export function isPlausibleTime(
  eventTime: number,
  window: PlausibleTime,
  arrivedAt?: number,
): boolean {
  // Never past the reader's own bound: a producer sets a message's timestamp, and one stamped
  // in year 9999 must not carry a record dated 9999 in (a later read, when the clock has passed
  // an honest timestamp, judges the record the same).
  const max = arrivedAt !== undefined && window.maxFuture !== undefined
    ? Math.min(arrivedAt + window.maxFuture, window.max)
    : window.max;
  return eventTime >= window.min && eventTime <= max;
}
