/**
 * Timestamp parsing by a layout pattern such as `DD/MM/YYYY HH:MM`, for exports that do not
 * write ISO-8601.
 *
 * @module
 */

/** What one pattern token reads. */
const YEAR = 0, MONTH = 1, DAY = 2, HOUR = 3, MINUTE = 4, SECOND = 5, FRACTION = 6, LITERAL = 7;

interface Token {
  kind: number;
  /** Fewest and most digits read (a literal: its text in `text`). */
  min: number;
  max: number;
  text: string;
}

// Days in each month of a common year; February gets one more in leap years.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Compiles a layout pattern into a parser from text to milliseconds since the epoch, reading the
 * text as wall time at a fixed UTC offset. Letters form tokens; every other character must
 * appear as written:
 * - `YYYY` year (4 digits); `MM` month (2 digits) and `M` month (1–2 digits);
 * - `DD` / `D` day; `HH` / `H` hour 0–23;
 * - `mm` / `m` minute, and `MM` / `M` right after an hour token is a minute too, so
 *   `DD/MM/YYYY HH:MM` reads as expected;
 * - `SS` / `S` (or `ss` / `s`) second; three or more `S` (or `s`) a fraction of a second
 *   (1–9 digits, truncated to milliseconds).
 * A lone `T` or `Z` is literal text, and so is anything inside single quotes (`'at'`).
 * The pattern needs a year, a month and a day; a missing time part is 0. Every value is
 * range-checked, so `31/02/2019` is `NaN`.
 *
 * @param pattern The layout, e.g. `YYYY-MM-DD HH:MM:SS` or `M/D/YYYY H:MM`.
 * @param offsetMinutes The text's fixed offset from UTC in minutes (`+02:00` is 120). Default 0.
 * @returns A parser giving ms since the epoch, or `NaN` for text that does not fit.
 * @throws {SyntaxError} naming the pattern when it has an unknown letter or lacks a date part.
 *
 * @example
 * ```ts
 * const parse = timePattern("DD/MM/YYYY HH:MM", 120);
 * parse("01/10/2019 02:05"); // Date.UTC(2019, 9, 1, 0, 5)
 * parse("32/10/2019 02:05"); // NaN
 * ```
 */
export function timePattern(pattern: string, offsetMinutes = 0): (text: string) => number {
  const tokens = tokenize(pattern);
  const offsetMs = offsetMinutes * 60_000;
  return (text: string): number => {
    const parts = [0, 1, 1, 0, 0, 0, 0];
    let i = 0;
    const n = text.length;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      if (token.kind === LITERAL) {
        if (!text.startsWith(token.text, i)) return NaN;
        i += token.text.length;
        continue;
      }
      let value = 0;
      let digits = 0;
      let scale = 100;
      while (i < n && digits < token.max) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        if (token.kind === FRACTION) {
          value += c * scale;
          scale /= 10;
        } else {
          value = value * 10 + c;
        }
        digits++;
        i++;
      }
      if (digits < token.min) return NaN;
      parts[token.kind] = token.kind === FRACTION ? Math.floor(value) : value;
    }
    if (i !== n) return NaN;
    const [year, month, day, hour, minute, second, ms] = parts;
    if (!(month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && second < 60)) {
      return NaN;
    }
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return NaN;
    return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
  };
}

/** Splits a pattern into tokens; throws on unknown letters or a missing date part. */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const letter = pattern[i];
    let j = i + 1;
    if (letter === "'") {
      const close = pattern.indexOf("'", j);
      if (close < 0) throw new SyntaxError(`time pattern ${JSON.stringify(pattern)}: unclosed '`);
      tokens.push({ kind: LITERAL, min: 0, max: 0, text: pattern.slice(j, close) });
      i = close + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(letter)) {
      while (j < pattern.length && !/[A-Za-z']/.test(pattern[j])) j++;
      tokens.push({ kind: LITERAL, min: 0, max: 0, text: pattern.slice(i, j) });
      i = j;
      continue;
    }
    while (j < pattern.length && pattern[j] === letter) j++;
    const run = pattern.slice(i, j);
    if (run === "T" || run === "Z") {
      tokens.push({ kind: LITERAL, min: 0, max: 0, text: run });
    } else {
      tokens.push(fieldToken(run, lastField(tokens), pattern));
    }
    i = j;
  }
  for (const [kind, name] of [[YEAR, "YYYY"], [MONTH, "MM"], [DAY, "DD"]] as const) {
    if (!tokens.some((t) => t.kind === kind)) {
      throw new SyntaxError(`time pattern ${JSON.stringify(pattern)} has no ${name}`);
    }
  }
  return tokens;
}

function lastField(tokens: Token[]): number {
  for (let k = tokens.length - 1; k >= 0; k--) {
    if (tokens[k].kind !== LITERAL) return tokens[k].kind;
  }
  return -1;
}

function fieldToken(run: string, previous: number, pattern: string): Token {
  const width = run.length;
  const flexible = (kind: number): Token =>
    width === 1 ? { kind, min: 1, max: 2, text: run } : { kind, min: 2, max: 2, text: run };
  switch (run) {
    case "YYYY":
    case "yyyy":
      return { kind: YEAR, min: 4, max: 4, text: run };
    case "M":
    case "MM":
      return flexible(previous === HOUR ? MINUTE : MONTH);
    case "m":
    case "mm":
      return flexible(MINUTE);
    case "D":
    case "DD":
    case "d":
    case "dd":
      return flexible(DAY);
    case "H":
    case "HH":
    case "h":
    case "hh":
      return flexible(HOUR);
    case "S":
    case "SS":
    case "s":
    case "ss":
      return flexible(SECOND);
  }
  if (/^(S{3,}|s{3,})$/.test(run)) return { kind: FRACTION, min: 1, max: 9, text: run };
  throw new SyntaxError(
    `time pattern ${JSON.stringify(pattern)}: unknown token ${JSON.stringify(run)} ` +
      `(use YYYY, MM, M, DD, D, HH, H, mm, SS and SSS; quote literal letters: 'at')`,
  );
}
