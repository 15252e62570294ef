/**
 * Number, money and time formatting for the console. Times are always UTC and 24-hour.
 *
 * @module
 */

import { CONTROL_OR_BIDI } from "../../operators/control_chars.ts";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const moneyFormats = new Map<string, Intl.NumberFormat>();

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
 * Money with its currency symbol: `fmtMoney(1234.5, "USD")` → `$1,234.50`; `compact` gives
 * `$1.2K` (axis ticks); null → `—`. An unknown code falls back to `1,234.50 XYZ`.
 */
export function fmtMoney(
  value: number | null | undefined,
  currency: string,
  compactForm = false,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const key = `${currency}|${compactForm}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        ...(compactForm ? { notation: "compact", maximumFractionDigits: 1 } : {}),
      });
    } catch {
      format = new Intl.NumberFormat("en-US", { maximumFractionDigits: compactForm ? 1 : 2 });
      const plain = format;
      format = { format: (v: number) => `${plain.format(v)} ${currency}` } as Intl.NumberFormat;
    }
    moneyFormats.set(key, format);
  }
  return format.format(value);
}

/** The symbol of a currency as the console shows it: `USD` → `$`, `GBP` → `£`. */
export function currencySymbol(currency: string): string {
  return fmtMoney(0, currency, true).replace(/[\d.,\s]/g, "") || currency;
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

/** Unix seconds → `HH:MM` (UTC, 24-hour). */
export function fmtClock(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 16);
}

/** ISO minute → `YYYY-MM-DD HH:MM UTC`. */
export function fmtMinute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** Unix seconds → `YYYY-MM-DD HH:MM UTC`. */
export function fmtSeconds(seconds: number): string {
  return fmtMinute(new Date(seconds * 1000).toISOString());
}

/** `YYYY-MM` → unix seconds at the month's start (UTC). */
export function monthToSeconds(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / 1000;
}

/** Unix seconds → `YYYY-MM` (UTC). */
export function secondsToMonth(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 7);
}

/** Every month from `first` to `last` (`YYYY-MM`, both included), so gaps can show. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    if (month > last) break;
    out.push(month);
    if (++m === 13) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * A name from the data as shown: line breaks and tabs as spaces, other control characters and
 * bidi controls as `�`. Names come from input files: a right-to-left override made `exe.gnp`
 * read as `png.exe`.
 *
 * @example
 * ```ts
 * fmtLabel("exe.\u202egnp"); // "exe.�gnp"
 * ```
 */
export function fmtLabel(text: string): string {
  return text.replace(
    CONTROL_OR_BIDI,
    (c) => c === "\n" || c === "\r" || c === "\t" ? " " : "\ufffd",
  );
}

/** A category as shown: `computers_and_commerce` → `computers and commerce`. */
export function fmtCategory(category: string): string {
  return fmtLabel(category).replaceAll("_", " ");
}
