/**
 * Header handling for the CSV splitter: telling a header row from data, and compiling the
 * per-header constructor of `fields` objects.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import { parseMicros } from "../../operators/parse_decimal.ts";
import { parseTime } from "../../operators/parse_time.ts";
import { NATIVE_COLUMNS } from "./native_columns.ts";

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

/**
 * A first row is a header when it names a known column, or when none of its values looks like
 * data (a number or a timestamp). Headers of other layouts pass the second test.
 *
 * @param values The first row's values (only the first `count` are read).
 * @param count How many values the row has.
 * @param table The table the file feeds.
 * @param known The column names of the file's format; the table's native columns by default.
 * @returns Whether to take the row as the header.
 */
export function looksLikeHeader(
  values: string[],
  count: number,
  table: TableName,
  known: readonly string[] = NATIVE_COLUMNS[table],
): boolean {
  for (let k = 0; k < count; k++) if (known.includes(values[k].trim())) return true;
  for (let k = 0; k < count; k++) {
    const v = values[k];
    if (v === "") continue;
    if (!Number.isNaN(parseMicros(v)) || !Number.isNaN(parseTime(v))) return false;
  }
  return true;
}
