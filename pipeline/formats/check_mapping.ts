/**
 * Checks the JSON of a mapping file and turns it into a {@linkcode FieldMapping}.
 *
 * @module
 */

import type { FieldMapping } from "../../operators/decode_mapping.ts";
import { TIME_FIELDS } from "../../operators/decode_mapping.ts";
import { timeFormat } from "../../operators/parse_time_format.ts";
import type { TableName } from "../../operators/types.ts";
import { NATIVE_COLUMNS } from "../sources/native_columns.ts";
import { columnKey } from "../sources/csv_header.ts";
import { UsageError } from "../options.ts";

/** Canonical fields a record of each table cannot do without (mapped or constant). */
export const REQUIRED_FIELDS: Readonly<Record<TableName, readonly string[]>> = {
  activity: ["event_time", "event_type", "product_id", "user_id", "user_session"],
  transactions: [
    "transaction_id",
    "order_id",
    "user_id",
    "product_id",
    "quantity",
    "unit_price",
    "type",
    "timestamp",
  ],
  inventory: ["product_id", "change", "updated_at"],
  reviews: ["review_id", "rating", "created_at"],
};

/** A checked mapping file: the decoder's mapping plus how to read the CSV header. */
export interface CheckedMapping {
  mapping: FieldMapping;
  /** Whether input CSV files start with a header row. */
  header: boolean;
  /** The file's columns when it has no header row. */
  columns?: readonly string[];
}

const KEYS = ["table", "header", "columns", "fields", "timestamp", "values", "constants"];
const TABLES = Object.keys(NATIVE_COLUMNS) as TableName[];
const ZONE = /^([+-])(\d{2}):?(\d{2})$/;

/**
 * Checks a parsed mapping file and compiles it. Stops at the first problem with a message that
 * names the file and the offending key, column or field: an unknown key, an unknown table, an
 * unknown canonical field, a field mapped twice, a required field neither mapped nor constant,
 * a mapped column missing from `columns`, a bad timestamp format or zone, a wrong JSON type.
 *
 * @param json The parsed JSON.
 * @param file The mapping file's path, for messages.
 * @returns The mapping and the header settings.
 * @throws {UsageError} naming the problem.
 *
 * @example
 * ```ts
 * checkMapping({ table: "reviews", fields: { id: "review_id", stars: "rating", at: "created_at" } },
 *   "m.json").mapping.table; // "reviews"
 * ```
 */
export function checkMapping(json: unknown, file: string): CheckedMapping {
  const fail = (message: string): never => {
    throw new UsageError(`mapping ${file}: ${message}`);
  };
  if (!isObject(json)) return fail(`must be a JSON object; got ${describe(json)}`);
  const keys = Object.keys(json);
  for (const [i, key] of keys.entries()) {
    if (!KEYS.includes(key)) {
      fail(`unknown key ${nameOf(key, KEYS, i, keys.length)} (expected ${KEYS.join(", ")})`);
    }
  }
  const table = json.table;
  if (table === undefined) fail(`"table" is required (one of ${TABLES.join(", ")})`);
  if (typeof table !== "string" || !TABLES.includes(table as TableName)) {
    const what = typeof table === "string" ? nameOf(table, TABLES) : describe(table);
    fail(`unknown table ${what} (expected ${TABLES.join(", ")})`);
  }
  const t = table as TableName;
  const known = NATIVE_COLUMNS[t];
  const unknownField = (name: string, where: string): never =>
    fail(`unknown canonical field ${q(name)} ${where}; fields of ${t}: ${known.join(", ")}`);

  const header = json.header ?? true;
  if (typeof header !== "boolean") fail(`"header" must be true or false; got ${describe(header)}`);
  let columns: string[] | undefined;
  if (json.columns !== undefined) {
    if (header) fail(`"columns" is for files without a header row: set "header": false`);
    columns = stringList(json.columns, fail);
  } else if (!header) {
    fail(`"header": false needs "columns": the file's column names in order`);
  }

  if (!isObject(json.fields)) {
    fail(
      `"fields" must be an object mapping source columns to canonical fields; got ` +
        describe(json.fields),
    );
  }
  const fields: [string, string][] = [];
  const mapped = new Set<string>();
  // Readers match column names in any case and spacing: two that match alike are one column.
  const sourceByKey = new Map<string, string>();
  for (const [source, target] of Object.entries(json.fields as Record<string, unknown>)) {
    const same = sourceByKey.get(columnKey(source));
    if (same !== undefined) {
      fail(
        `fields: columns ${q(same)} and ${q(source)} are one column to the reader (names match ` +
          `in any case and spacing); map it once`,
      );
    }
    sourceByKey.set(columnKey(source), source);
    if (typeof target !== "string") {
      fail(
        `fields: column ${q(source)} must map to a canonical field name; got ${describe(target)}`,
      );
    }
    const name = target as string;
    if (!known.includes(name)) unknownField(name, `(mapped from column ${q(source)})`);
    if (mapped.has(name)) fail(`fields: canonical field ${q(name)} is mapped from two columns`);
    if (columns !== undefined && !columns.includes(source)) {
      fail(`fields: column ${q(source)} is not among "columns" (${columns.join(", ")})`);
    }
    mapped.add(name);
    fields.push([source, name]);
  }

  const constants: Record<string, string | number> = {};
  if (json.constants !== undefined) {
    if (!isObject(json.constants)) {
      fail(`"constants" must be an object; got ${describe(json.constants)}`);
    }
    for (const [name, value] of Object.entries(json.constants as Record<string, unknown>)) {
      if (!known.includes(name)) unknownField(name, "in constants");
      if (mapped.has(name)) fail(`constants: ${q(name)} is also mapped from a column`);
      if (typeof value !== "string" && typeof value !== "number") {
        fail(`constants: ${q(name)} must be a string or a number; got ${describe(value)}`);
      }
      constants[name] = value as string | number;
    }
  }

  const values: Record<string, Record<string, string>> = {};
  if (json.values !== undefined) {
    if (!isObject(json.values)) fail(`"values" must be an object; got ${describe(json.values)}`);
    for (const [name, map] of Object.entries(json.values as Record<string, unknown>)) {
      if (!known.includes(name)) unknownField(name, "in values");
      if (!mapped.has(name)) fail(`values: ${q(name)} is not mapped from a column in "fields"`);
      if (!isObject(map)) {
        fail(`values: ${q(name)} must map source values to values; got ${describe(map)}`);
      }
      for (const [from, to] of Object.entries(map as Record<string, unknown>)) {
        if (typeof to !== "string") {
          fail(`values: ${q(name)}: ${q(from)} must map to a string; got ${describe(to)}`);
        }
      }
      values[name] = map as Record<string, string>;
    }
  }

  for (const name of REQUIRED_FIELDS[t]) {
    if (!mapped.has(name) && !(name in constants)) {
      fail(
        `required field ${q(name)} of table ${t} is not mapped: map a column to it in ` +
          `"fields" or give it in "constants"`,
      );
    }
  }

  const { format, offsetMinutes } = checkTimestamp(json.timestamp, fail);
  try {
    timeFormat(format, offsetMinutes);
  } catch (error) {
    fail(`timestamp: ${(error as Error).message}`);
  }
  if (constants[TIME_FIELDS[t]] !== undefined) {
    const at = timeFormat(format, offsetMinutes)(constants[TIME_FIELDS[t]]);
    if (at !== at) fail(`constants: ${q(TIME_FIELDS[t])} is not a ${format} timestamp`);
  }
  return {
    mapping: { table: t, fields, values, constants, timeFormat: format, offsetMinutes },
    header: header as boolean,
    columns,
  };
}

function checkTimestamp(
  value: unknown,
  fail: (message: string) => never,
): { format: string; offsetMinutes: number } {
  if (value === undefined) return { format: "iso", offsetMinutes: 0 };
  if (!isObject(value)) {
    return fail(
      `"timestamp" must be an object like {"format": "iso", "zone": "UTC"}; got ` +
        describe(value),
    );
  }
  for (const key of Object.keys(value)) {
    if (key !== "format" && key !== "zone") {
      fail(`timestamp: unknown key ${q(key)} (expected format, zone)`);
    }
  }
  const format = value.format ?? "iso";
  if (typeof format !== "string" || format === "") {
    fail(
      `timestamp: "format" must be iso, epoch_ms, epoch_s or a pattern like ` +
        `"DD/MM/YYYY HH:MM"; got ${describe(format)}`,
    );
  }
  const zone = value.zone ?? "UTC";
  if (typeof zone !== "string") {
    fail(`timestamp: "zone" must be UTC or an offset like +02:00; got ${describe(zone)}`);
  }
  let offsetMinutes = 0;
  if (zone !== "UTC" && zone !== "Z") {
    const m = ZONE.exec(zone as string);
    const hours = m === null ? NaN : Number(m[2]);
    const minutes = m === null ? NaN : Number(m[3]);
    if (!(hours <= 14 && minutes < 60)) {
      fail(`timestamp: unknown zone ${q(zone)} (expected UTC or a fixed offset like +02:00)`);
    }
    offsetMinutes = (m![1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  if ((format === "epoch_ms" || format === "epoch_s") && offsetMinutes !== 0) {
    fail(`timestamp: a zone does not apply to ${format} (epoch times are UTC)`);
  }
  return { format: format as string, offsetMinutes };
}

function stringList(value: unknown, fail: (message: string) => never): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail(`"columns" must be a non-empty array of column names; got ${describe(value)}`);
  }
  const seen = new Set<string>();
  for (const name of value) {
    if (typeof name !== "string" || name === "") {
      fail(`"columns" holds ${describe(name)}, not a column name`);
    }
    if (seen.has(name)) fail(`"columns" names ${q(name)} twice`);
    seen.add(name);
  }
  return value as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value's kind, never its content: a data file passed as the mapping would put its ids in the
 * message (the promise: no raw id in a log).
 */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length} (a data file?)`;
  if (typeof value === "string") return `a string of ${value.length} characters`;
  if (typeof value === "object") return "an object";
  return typeof value === "boolean" ? String(value) : `a ${typeof value}`;
}

/**
 * A name that is not one of `expected`, quoted only when it is a likely misspelling of one (at
 * most 2 edits away, in any case): anything else may be data, an id among it.
 */
function nameOf(name: string, expected: readonly string[], at?: number, of?: number): string {
  const near = expected.some((e) => editDistance(name.toLowerCase(), e.toLowerCase()) <= 2);
  if (near) return q(name);
  return at === undefined ? "(not quoted: it may be data)" : `(key ${at + 1} of ${of}, not quoted)`;
}

/** Levenshtein distance, for short names. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64) return 3;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function q(value: unknown): string {
  return JSON.stringify(value);
}
