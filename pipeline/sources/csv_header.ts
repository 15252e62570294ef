/**
 * Header handling for the CSV splitter: the export dialect (delimiter, spelling of column
 * names), telling a header row from data, and compiling the per-header constructor of `fields`
 * objects.
 *
 * @module
 */

import { parseMicros } from "../../operators/parse_decimal.ts";
import { parseTime } from "../../operators/parse_time.ts";

/** Makes the `fields` object of one record from the scanned values. */
export type FieldsConstructor = new (values: string[]) => Record<string, string>;

/**
 * Compiles a constructor `function (v) { this[names[0]] = v[0]; ... }` for one header. Fixed
 * property stores in one order give every record one hidden class and monomorphic stores;
 * filling `{}` in a loop over the names goes through V8's megamorphic keyed-store path, which
 * profiled as the splitter's largest cost. A constructor rather than an object literal, for the
 * reason given in raw_record.ts. Names are embedded as JSON string literals, so any header text
 * is safe.
 *
 * @param names The column names, in file order.
 * @returns A constructor taking the row's values in the same order.
 */
export function fieldsConstructor(names: readonly string[]): FieldsConstructor {
  const body = names.map((name, k) =>
    name === "__proto__" // an assignment would set the prototype instead of a field
      ? `Object.defineProperty(this, "__proto__", { value: v[${k}], enumerable: true, writable: true, configurable: true });`
      : `this[${JSON.stringify(name)}] = v[${k}];`
  ).join("\n");
  const Fields = new Function("v", body) as unknown as FieldsConstructor;
  Fields.prototype = Object.prototype;
  return Fields;
}

/** The delimiters a CSV file may use, in order of preference on a tie. */
export const DELIMITERS: readonly string[] = [",", ";", "\t", "|"];

/**
 * The key a column name is matched by: lower case, without spaces, `_`, `-` or a BOM, so
 * `USER_ID`, ` user id ` and `UserId` all name `user_id`, and `Customer ID` names `CustomerID`.
 *
 * @param name A column name as written.
 * @returns The matching key.
 */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-\uFEFF]+/g, "");
}

/**
 * Maps header names as written to the spellings a format knows, by {@linkcode columnKey}.
 *
 * @param known The column names of the format.
 * @returns A function from a written name to the known spelling, or `null` for an unknown name.
 */
export function columnSpeller(known: readonly string[]): (name: string) => string | null {
  const byKey = new Map<string, string>();
  for (const name of known) if (!byKey.has(columnKey(name))) byKey.set(columnKey(name), name);
  return (name) => byKey.get(columnKey(name)) ?? null;
}

/**
 * Picks the delimiter of a CSV file from its first line: the one of `,` `;` TAB `|` whose split
 * names the most known columns; with no known names, the one giving `expected` fields, else the
 * one giving the most fields; `,` when the line holds none of them.
 *
 * @param line The file's first line.
 * @param spell The format's column speller.
 * @param expected The column count of a file without a header (0 when unknown).
 * @returns The delimiter.
 */
export function sniffDelimiter(
  line: string,
  spell: (name: string) => string | null,
  expected: number,
): string {
  let best = ",";
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const parts = line.split(delimiter);
    if (parts.length < 2) continue;
    let known = 0;
    for (const part of parts) if (spell(part.trim().replace(/^"|"$/g, "")) !== null) known++;
    // Known names weigh most, then the expected count, then the number of fields.
    const score = known * 1e9 + (parts.length === expected ? 1e8 : 0) + parts.length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** A file's delimiter, and the length of the line naming it that is to be skipped. */
export interface CsvDialect {
  delimiter: string;
  /** Characters of a spreadsheet's `sep=;` first line (its line feed included), else 0. */
  skip: number;
}

/**
 * Sniffs the delimiter from the first non-blank line of a file's text (see
 * {@linkcode sniffDelimiter}), or takes it from a spreadsheet's `sep=;` first line.
 *
 * @param buf The file's text so far.
 * @param eof Whether `buf` is the whole file.
 * @param spell The format's column speller.
 * @param expected The column count of a file without a header.
 * @returns The dialect; `null` while the first line is incomplete.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const spell = columnSpeller(["a", "b"]);
 * assert.deepEqual(sniffDialect("a;b\n", false, spell, 2), { delimiter: ";", skip: 0 });
 * assert.deepEqual(sniffDialect("sep=|\na|b\n", false, spell, 2), { delimiter: "|", skip: 6 });
 * assert.equal(sniffDialect("a;b", false, spell, 2), null);
 * ```
 */
export function sniffDialect(
  buf: string,
  eof: boolean,
  spell: (name: string) => string | null,
  expected: number,
): CsvDialect | null {
  const from = buf.search(/[^\s]/);
  if (from < 0 && !eof) return null;
  let nl = from < 0 ? -1 : buf.indexOf("\n", from);
  if (nl < 0) {
    if (!eof) return null;
    nl = buf.length;
  }
  const line = from < 0 ? "" : buf.slice(from, nl);
  // A spreadsheet may name the delimiter in a first line of its own: `sep=;`.
  const sep = from === 0 ? /^sep=([^"\r\n])\r?$/i.exec(line) : null;
  if (sep !== null) return { delimiter: sep[1], skip: Math.min(nl + 1, buf.length) };
  return { delimiter: sniffDelimiter(line, spell, expected), skip: 0 };
}

/** What a file's first row is. */
export type FirstRowKind = "header" | "data" | "unknown";

/**
 * A first row is data when a value looks like data (a number or a timestamp); otherwise a header
 * when it names a known column (in any case and spacing); otherwise `"unknown"`: the file cannot
 * be read by this format, which the caller reports instead of guessing.
 *
 * @param values The first row's values (only the first `count` are read).
 * @param count How many values the row has.
 * @param spell The format's column speller.
 * @returns The kind of row.
 */
export function firstRowKind(
  values: string[],
  count: number,
  spell: (name: string) => string | null,
): FirstRowKind {
  // A value that looks like data outweighs a column name: a data row may name one by chance
  // (a brand called "Brand"), and taking it as the header would lose the row in silence.
  for (let k = 0; k < count; k++) {
    const v = values[k].trim();
    if (v === "") continue;
    if (!Number.isNaN(parseMicros(v)) || !Number.isNaN(parseTime(v))) return "data";
  }
  for (let k = 0; k < count; k++) if (spell(values[k]) !== null) return "header";
  return "unknown";
}

/**
 * Whether a file's first row is its header, under the splitter's `header` option: always for
 * `true`, never for `false`, by {@linkcode firstRowKind} for `"auto"`.
 *
 * @param values The first row's values (only the first `count` are read).
 * @param count How many values the row has.
 * @param mode The `header` option.
 * @param spell The format's column speller.
 * @param unknown The message for a row that is neither (made only then).
 * @returns `true` for a header row, `false` for data.
 * @throws {UnknownHeaderError} under `"auto"`, for a row that is neither header nor data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const spell = columnSpeller(["id"]);
 * assert.equal(isHeaderRow(["ID", "x"], 2, "auto", spell, () => "no header"), true);
 * assert.equal(isHeaderRow(["7", "x"], 2, "auto", spell, () => "no header"), false);
 * assert.throws(() => isHeaderRow(["a", "b"], 2, "auto", spell, () => "no header"), UnknownHeaderError);
 * ```
 */
export function isHeaderRow(
  values: string[],
  count: number,
  mode: boolean | "auto",
  spell: (name: string) => string | null,
  unknown: () => string,
): boolean {
  if (mode !== "auto") return mode;
  const kind = firstRowKind(values, count, spell);
  if (kind === "unknown") throw new UnknownHeaderError(unknown());
  return kind === "header";
}

/**
 * Thrown when a CSV file's first row is neither a header the format can read nor data: the
 * file is not in this format (or not CSV at all). The message names the columns expected but
 * never quotes the row, which may hold ids.
 */
export class UnknownHeaderError extends Error {
  override name = "UnknownHeaderError";
}
