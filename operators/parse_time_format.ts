/**
 * Timestamp parsing by a named format and a fixed zone, for mapping files.
 *
 * @module
 */

import { MAX_DATE_MS, parseTime } from "./parse_time.ts";
import { timePattern } from "./parse_time_pattern.ts";

// A time of day followed by an explicit zone: such text keeps its own zone.
const HAS_ZONE = /\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)$/i;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * Compiles a timestamp format into a parser from a field value to ms since the epoch:
 * - `iso`: ISO-8601 and `YYYY-MM-DD HH:MM:SS[ UTC]` (see `parseTime`); text without a zone is
 *   read at `offsetMinutes`, text with one keeps it;
 * - `epoch_ms` / `epoch_s`: milliseconds / seconds since the epoch, as a number or numeric text
 *   (fractions allowed, floored / rounded to the millisecond); the offset does not apply;
 * - anything else: a layout pattern for `timePattern`, e.g. `DD/MM/YYYY HH:MM`, read at
 *   `offsetMinutes`.
 *
 * @param format `iso`, `epoch_ms`, `epoch_s` or a layout pattern.
 * @param offsetMinutes The zone of zoneless text as minutes east of UTC (0 for UTC).
 * @returns A parser giving ms since the epoch, or `NaN` for a value that does not fit (one
 *   beyond the ±8.64 × 10¹⁵ ms a `Date` holds included).
 * @throws {SyntaxError} for a layout pattern `timePattern` rejects.
 *
 * @example
 * ```ts
 * timeFormat("epoch_s", 0)("1569888000"); // 1569888000000
 * timeFormat("iso", 120)("2019-10-01 02:00:00"); // Date.UTC(2019, 9, 1)
 * ```
 */
export function timeFormat(format: string, offsetMinutes: number): (value: unknown) => number {
  const parse = anyTimeFormat(format, offsetMinutes);
  // A time a Date cannot hold (9e15 ms, 1e13 s, or a zone pushing the edge over) does not fit
  // either: `new Date(t).toISOString()` throws on it.
  return (value) => {
    const t = parse(value);
    return Math.abs(t) <= MAX_DATE_MS ? t : NaN;
  };
}

function anyTimeFormat(format: string, offsetMinutes: number): (value: unknown) => number {
  const offsetMs = offsetMinutes * 60_000;
  switch (format) {
    case "iso":
      return (value) => {
        if (typeof value !== "string") return NaN;
        const t = parseTime(value);
        return offsetMs === 0 || HAS_ZONE.test(value) ? t : t - offsetMs;
      };
    case "epoch_ms":
      return (value) => Math.floor(epochNumber(value));
    case "epoch_s":
      return (value) => Math.round(epochNumber(value) * 1000);
    default: {
      const parse = timePattern(format, offsetMinutes);
      return (value) => (typeof value === "string" ? parse(value) : NaN);
    }
  }
}

function epochNumber(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  if (typeof value !== "string" || !EPOCH.test(value)) return NaN;
  return Number(value);
}
