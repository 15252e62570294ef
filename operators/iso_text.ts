/**
 * Epoch milliseconds as ISO-8601 text, fast for whole minutes.
 *
 * @module
 */

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Year 10000: from there on `toISOString` writes a six-digit year with a sign. */
const YEAR_10000 = 253_402_300_800_000;

/** `HH:MM:00.000Z` for each minute of a day, built on first use. */
let timesOfDay: string[] | null = null;
/** The last day formatted, and its `YYYY-MM-DDT`. */
let lastDay = NaN;
let lastDayText = "";

function buildTimesOfDay(): string[] {
  const times = new Array<string>(MINUTES_PER_DAY);
  for (let m = 0; m < MINUTES_PER_DAY; m++) {
    const h = Math.floor(m / 60);
    const mm = m % 60;
    times[m] = `${h < 10 ? "0" : ""}${h}:${mm < 10 ? "0" : ""}${mm}:00.000Z`;
  }
  return times;
}

/**
 * `new Date(ms).toISOString()`, without a `Date` and its formatting for a whole minute of a year
 * from 1970 to 9999: the day's text is kept from the call before and the time of day comes from a
 * table. Why: report files hold one ISO minute per row, over a million rows per replay, and
 * `toISOString` was the largest single cost of writing them. Any other value is handed to
 * `toISOString` (which throws a `RangeError` for a time out of range, as before).
 *
 * @param ms Time in ms since the epoch.
 * @returns For example `2019-10-01T00:05:00.000Z`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isoText(Date.UTC(2019, 9, 1, 0, 5)), "2019-10-01T00:05:00.000Z");
 * assert.equal(isoText(1.5), "1970-01-01T00:00:00.001Z");
 * ```
 */
export function isoText(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000 && ms % 60_000 === 0)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  timesOfDay ??= buildTimesOfDay();
  return lastDayText + timesOfDay[(ms - day * DAY_MS) / 60_000];
}
