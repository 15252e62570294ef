/**
 * Number and time formatting for the console.
 *
 * @module
 */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** `1234567` → `1,234,567`; null → `—`. */
export function fmtInt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? "—"
    : integer.format(value);
}

/** `1234567` → `1.2M`. */
export function fmtCompact(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? "—"
    : compact.format(value);
}

/**
 * A ratio with `digits` significant digits, so small ones stay readable: `0.0142` → `0.014`,
 * `1.5` → `1.5`, `0` → `0`.
 */
export function fmtRatio(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0 || Math.abs(value) >= 10 ** digits) return value.toFixed(0);
  return String(Number(value.toPrecision(digits)));
}

/** A ratio (0..1) as a percentage with `digits` decimals. */
export function fmtPercent(ratio: number | null | undefined, digits = 1): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? "—"
    : `${(ratio * 100).toFixed(digits)}%`;
}

/** Unix seconds → `HH:MM` UTC. */
export function fmtClock(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 16);
}

/** ISO minute → `YYYY-MM-DD HH:MM` (UTC). */
export function fmtMinute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** `YYYY-MM` → unix seconds at the month's start (UTC). */
export function monthToSeconds(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / 1000;
}

/** Unix seconds → `YYYY-MM` (UTC). */
export function secondsToMonth(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 7);
}
