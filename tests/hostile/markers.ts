/**
 * Recognisable raw ids for hostile inputs, and the detector that finds them again in any text,
 * whatever spelling the input used.
 *
 * Every user or session id the hostile tests write is a marker: `RAWUSER<n>`, `RAWSESS<n>` (text
 * ids) or `98765<5 digits>` (numeric ids of formats whose ids are numbers). Inputs may spell a
 * marker with JSON escapes (`RAWU\u0053ER7`, `user\u005fid`) or, for numbers, in exponent form
 * (`9.8765001e9`); {@linkcode findMarkers} undoes those spellings before it looks, so a lake that
 * stores the escaped text verbatim is caught too.
 *
 * @module
 */

/** A text user id marker. */
export const userMarker = (n: number): string => `RAWUSER${n}`;
/** A text session id marker. */
export const sessionMarker = (n: number): string => `RAWSESS${n}`;
/** A numeric id marker (10 digits, no digit run that a seed's other numbers contain). */
export const numericMarker = (n: number): string => String(9_876_500_000 + (n % 100_000));

const TEXT_MARKER = /RAW(?:USER|SESS)\d+/g;
// Not inside a longer alphanumeric run: a 32-hex-digit pseudonym holds "98765" + 5 digits
// by chance about once in 10^6 cells, which a long fuzz run would otherwise report as a leak.
const NUMERIC_MARKER = /(?<![0-9A-Za-z])98765\d{5}(?![0-9A-Za-z])/g;
const EXPONENT = /[-+]?\d+(?:\.\d+)?[eE][+-]?\d+/g;
const ESCAPE = /\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(["'\\/])/g;

/**
 * Every marker found in `text`, in any of the spellings above (deduplicated).
 *
 * @param text any string: a Parquet cell, a JSON file, a log line
 * @returns the markers as they read after unescaping, e.g. `["RAWUSER7"]`
 */
export function findMarkers(text: string): string[] {
  if (!/RAW|98765|\\u|\\x|[eE]/.test(text)) return [];
  const found = new Set<string>();
  const variants = [text];
  const unescaped = text.replace(
    ESCAPE,
    (_, u, x, c) =>
      u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : c,
  );
  if (unescaped !== text) variants.push(unescaped);
  for (const v of [...variants]) {
    const numbers = v.replace(EXPONENT, (m) => {
      const n = Number(m);
      return Number.isFinite(n) && Math.abs(n) < 1e16 ? ` ${Math.round(n)} ` : m;
    });
    if (numbers !== v) variants.push(numbers);
  }
  for (const v of variants) {
    for (const m of v.matchAll(TEXT_MARKER)) found.add(m[0]);
    for (const m of v.matchAll(NUMERIC_MARKER)) found.add(m[0]);
  }
  return [...found];
}

/** One place a marker was found. */
export interface Leak {
  /** File (relative to the lake) or stream name (`stdout`, `stderr`, `error`). */
  where: string;
  /** Column name for Parquet cells, else `""`. */
  column: string;
  /** The marker found. */
  marker: string;
  /** The text that held it, cut to 160 characters. */
  value: string;
}

/**
 * Markers in a text, as leaks located at `where`/`column`.
 *
 * @param where file or stream name
 * @param column column name or `""`
 * @param text the text to search
 */
export function leaksIn(where: string, column: string, text: string): Leak[] {
  const out: Leak[] = [];
  for (const marker of findMarkers(text)) {
    out.push({ where, column, marker, value: excerpt(text, marker) });
  }
  return out;
}

function excerpt(text: string, marker: string): string {
  const at = text.indexOf(marker);
  const start = Math.max(0, (at < 0 ? 0 : at) - 60);
  return JSON.stringify(text.slice(start, start + 160));
}

/**
 * Renders leaks as readable lines for an assertion message.
 *
 * @param leaks what {@linkcode leaksIn} found
 * @param max lines to show at most
 */
export function describeLeaks(leaks: readonly Leak[], max = 8): string {
  const lines = leaks.slice(0, max).map((l) =>
    `raw id ${l.marker} in ${l.where}${l.column ? ` column ${l.column}` : ""}: ${l.value}`
  );
  if (leaks.length > max) lines.push(`… and ${leaks.length - max} more`);
  return lines.join("\n");
}
