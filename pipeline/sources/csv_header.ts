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

/** What a file's first row is. */
export type FirstRowKind = "header" | "data" | "unknown";

/**
 * A first row is a header when it names a known column (in any case and spacing); data when it
 * names none and a value looks like data (a number or a timestamp); otherwise `"unknown"`: the
 * file cannot be read by this format, which the caller reports instead of guessing.
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
  for (let k = 0; k < count; k++) if (spell(values[k]) !== null) return "header";
  for (let k = 0; k < count; k++) {
    const v = values[k].trim();
    if (v === "") continue;
    if (!Number.isNaN(parseMicros(v)) || !Number.isNaN(parseTime(v))) return "data";
  }
  return "unknown";
}

/**
 * Thrown when a CSV file's first row is neither a header the format can read nor data: the
 * file is not in this format (or not CSV at all). The message names the columns expected but
 * never quotes the row, which may hold ids.
 */
export class UnknownHeaderError extends Error {
  override name = "UnknownHeaderError";
}
