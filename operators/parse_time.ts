/**
 * Fast timestamp parsing for the ingest hot path.
 *
 * @module
 */

/** Largest time a `Date` holds, in ms either side of the epoch: `toISOString()` throws beyond. */
export const MAX_DATE_MS = 8.64e15;

// Days in each month of a common year; February gets one more in leap years.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The slow path: any ISO-8601 date or date-time this parser accepts beyond the fixed layouts,
// e.g. a date alone, minutes without seconds, a comma fraction or a `+hhmm` offset.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?))?$/i;

/**
 * Parses a timestamp into milliseconds since the epoch (UTC), or `NaN` when the text is not a
 * valid timestamp.
 *
 * Accepts ISO-8601 (`2019-10-01T00:00:00Z`, `2019-10-01T02:00:00.5+02:00`, `2019-10-01`) and
 * the REES46 layout `YYYY-MM-DD HH:MM:SS[.fff][ UTC]`; text without a zone is UTC. Every part is
 * range-checked (month 1–12, day within its month, hour < 24, minute and second < 60), so
 * `2019-02-29` is invalid. Fractions beyond milliseconds are truncated.
 *
 * The two fixed layouts are read with char codes and `Date.UTC` (no regex, no allocation)
 * because this runs for every record; anything else falls back to a strict regex.
 *
 * @param text The timestamp text.
 * @returns Milliseconds since 1970-01-01T00:00:00Z, or `NaN`.
 *
 * @example
 * ```ts
 * parseTime("2019-10-01 00:00:05 UTC"); // 1569888005000
 * parseTime("2019-10-01T02:00:05+02:00"); // 1569888005000
 * parseTime("2019-13-01 00:00:00"); // NaN
 * ```
 */
export function parseTime(text: string): number {
  const fast = parseFixed(text);
  if (fast === fast) return fast;
  return parseIso(text);
}

/** Reads `YYYY-MM-DD[T ]HH:MM:SS[.f+](| UTC|Z|±HH:MM)` by char codes; NaN when it does not fit. */
function parseFixed(s: string): number {
  const n = s.length;
  if (n < 19) return NaN;
  const year = d4(s, 0);
  const month = d2(s, 5);
  const day = d2(s, 8);
  const sep = s.charCodeAt(10);
  if (
    s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) ||
    s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58
  ) return NaN;
  const hour = d2(s, 11);
  const minute = d2(s, 14);
  const second = d2(s, 17);
  let i = 19;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    let digits = 0;
    let scale = 100;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 9) return NaN;
    ms = Math.floor(ms);
  }
  let offsetMinutes = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 && i + 1 === n) {
      // "Z"
    } else if (
      c === 32 && i + 4 === n && s.charCodeAt(i + 1) === 85 && s.charCodeAt(i + 2) === 84 &&
      s.charCodeAt(i + 3) === 67
    ) {
      // " UTC"
    } else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
      const oh = d2(s, i + 1);
      const om = d2(s, i + 4);
      if (!(oh < 24 && om < 60)) return NaN;
      offsetMinutes = (c === 43 ? 1 : -1) * (oh * 60 + om);
    } else {
      return NaN;
    }
  }
  return build(year, month, day, hour, minute, second, ms, offsetMinutes);
}

function parseIso(s: string): number {
  const m = ISO.exec(s);
  if (m === null) return NaN;
  // Truncated to milliseconds by its digits: arithmetic on "0.123999999" rounds it up.
  const fraction = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3));
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.length > 1 && (zone[0] === "+" || zone[0] === "-")) {
    const digits = zone.replace(":", "");
    const oh = Number(digits.slice(1, 3));
    const om = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
    if (!(oh < 24 && om < 60)) return NaN;
    offsetMinutes = (zone[0] === "+" ? 1 : -1) * (oh * 60 + om);
  }
  return build(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    m[4] === undefined ? 0 : Number(m[4]),
    m[5] === undefined ? 0 : Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
    fraction,
    offsetMinutes,
  );
}

/** Range-checks the parts and combines them; NaN (from a bad digit) fails every comparison. */
function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && second < 60)) {
    return NaN;
  }
  if (year === lastYear && month === lastMonth && day === lastDay) {
    // Same day as the last timestamp (the common case in a time-ordered file): skip Date.UTC.
    // Exact: every term is an integer far below 2^53.
    return lastDayMs + hour * 3600000 + minute * 60000 + second * 1000 + ms -
      offsetMinutes * 60000;
  }
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  if (!(day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0))) return NaN;
  if (!(year >= 0)) return NaN;
  // Date.UTC maps years 0–99 to 1900–1999, so years are shifted by 400 (a whole Gregorian cycle).
  const dayMs = year < 100
    ? Date.UTC(year + 400, month - 1, day) - 12622780800000
    : Date.UTC(year, month - 1, day);
  lastYear = year;
  lastMonth = month;
  lastDay = day;
  lastDayMs = dayMs;
  return dayMs + hour * 3600000 + minute * 60000 + second * 1000 + ms - offsetMinutes * 60000;
}

// The last valid date `build` saw and its midnight (UTC) in ms: a cache of one day.
let lastYear = -1;
let lastMonth = -1;
let lastDay = -1;
let lastDayMs = 0;

/** Two ASCII digits at `i` as a number, NaN when either is not a digit. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/** Four ASCII digits at `i` as a number, NaN when any is not a digit. */
function d4(s: string, i: number): number {
  const hi = d2(s, i);
  const lo = d2(s, i + 2);
  return hi * 100 + lo;
}
