/**
 * Fast UTC timestamp formatting for the generator's hot loops. Times are whole seconds; the
 * date part is cached per day and the time of day comes from a table, so formatting a row costs
 * a couple of string concatenations instead of a `Date` allocation.
 *
 * @module
 */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

let hmsTable: string[] | undefined;

function hms(secondOfDay: number): string {
  if (!hmsTable) {
    hmsTable = new Array(86_400);
    for (let s = 0; s < 86_400; s++) {
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = s % 60;
      hmsTable[s] = (h < 10 ? "0" : "") + h + (m < 10 ? ":0" : ":") + m + (sec < 10 ? ":0" : ":") +
        sec;
    }
  }
  return hmsTable[secondOfDay];
}

let cachedDay = NaN;
let cachedDate = "";

function datePart(day: number): string {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  return cachedDate;
}

/**
 * Formats like the REES46 clickstream: `2024-10-01 00:00:07 UTC`.
 *
 * @param ms event time, ms since epoch (sub-second part is dropped)
 * @returns the text
 */
export function formatActivityTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  return datePart(day) + " " + hms(Math.floor((ms - day * DAY_MS) / 1000)) + " UTC";
}

/**
 * Formats as ISO-8601 UTC with milliseconds: `2024-10-01T00:00:07.000Z`.
 *
 * @param ms event time, ms since epoch (whole seconds expected)
 * @returns the text
 */
export function formatIsoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  return datePart(day) + "T" + hms(Math.floor((ms - day * DAY_MS) / 1000)) + ".000Z";
}

/**
 * Formats as `YYYY-MM-DD HH:MM:SS` (UTC, no zone), the inventory export style.
 *
 * @param ms event time, ms since epoch
 * @returns the text
 */
export function formatPlainTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  return datePart(day) + " " + hms(Math.floor((ms - day * DAY_MS) / 1000));
}
