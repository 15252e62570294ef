/**
 * The encoding side of a report part: from the columns a `ReportWriter` collected to the lake
 * columns of its Parquet file, and the same rows as lines of the report's JSON file.
 *
 * @module
 */

import type { ColumnParts } from "./column_buffer.ts";
import { ByteSink, NUMBER_BYTES, writeNumber } from "./byte_sink.ts";
import { isoColumn } from "./iso_column.ts";
import { errorText } from "./part_files.ts";

import type { ReportSchema } from "../../operators/registry.ts";

/** Where a report part's rows go besides its Parquet file: the report's JSON file. */
export interface ReportPart {
  /** The report's ordered columns (`ReportColumns` collected the part's columns by them). */
  schema: ReportSchema;
  /** The JSON file, and the temporary file its lines are written to until `last`. */
  json: string;
  temp: string;
  /** The report's first part: it starts the JSON array (and creates the temporary file). */
  first: boolean;
  /** The report's last part: it closes the array and renames the file to `json`. */
  last: boolean;
}

const encoder = new TextEncoder();
const NULL = encoder.encode("null");

/** A column as its JSON values are copied: UTF-8 text per row (quoted or not), or numbers. */
interface JsonColumn {
  /** What precedes the value in a line: `"name":`, after a comma but first. */
  prefix: Uint8Array;
  valid: Uint8Array;
  numbers: Float64Array | null;
  /** `utf8` parts of the texts: offsets, bytes (when `numbers` is null). */
  offsets: Int32Array;
  bytes: Uint8Array;
  /** The texts are ISO times, to be written between quotes (strings come quoted). */
  quote: boolean;
  /** Most bytes one value of this column takes. */
  most: number;
}

/**
 * Appends a part's rows to the report's JSON file (a JSON array, one row per line, keys in
 * schema order, as `JSON.stringify` writes each value, minutes and timestamps as ISO text) and
 * returns the part's lake columns (minutes as ISO text, money scaled to cents, strings as
 * UTF-8), in the layout of the column buffers' `parts`. The last part closes the array; then
 * {@linkcode placeReportJson} puts the file in place.
 *
 * @param report The report and which of its parts this is.
 * @param columns The part's columns, from `ReportColumns.parts`.
 * @param rows Number of rows.
 * @returns The lake columns of the part file.
 * @throws Error naming the temporary file when it cannot be written.
 */
export function writeReportLines(
  report: ReportPart,
  columns: readonly ColumnParts[],
  rows: number,
): ColumnParts[] {
  const lake: ColumnParts[] = [];
  const json: JsonColumn[] = [];
  for (let c = 0; c < report.schema.length; c++) {
    const { name, type } = report.schema[c];
    const prefix = encoder.encode(`${c === 0 ? "" : ","}${JSON.stringify(name)}:`);
    const [values, valid] = columns[c].arrays as [Float64Array, Uint8Array];
    if (type === "string") {
      const distinct = columns[c].strings!;
      const indices = columns[c].arrays[0] as Int32Array;
      const quoted = utf8Strings(indices, distinct.map((value) => JSON.stringify(value)), rows);
      json.push(textColumn(prefix, quoted, false));
      lake.push(utf8Strings(indices, distinct, rows));
    } else if (type === "minute" || type === "timestamp") {
      const iso = isoColumn(values, valid, rows);
      json.push(textColumn(prefix, iso, true));
      lake.push(type === "minute" ? iso : { arrays: [values, valid] });
    } else {
      const none = new Uint8Array(0);
      json.push({
        prefix,
        valid,
        numbers: values,
        offsets: new Int32Array(0),
        bytes: none,
        quote: false,
        most: NUMBER_BYTES,
      });
      lake.push({ arrays: [type === "money" ? cents(values) : values, valid] });
    }
  }
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(
      report.temp,
      report.first ? { write: true, create: true, truncate: true } : { append: true },
    );
  } catch (cause) {
    throw new Error(`Cannot write report file ${report.temp}: ${errorText(cause)}`, { cause });
  }
  try {
    const sink = new ByteSink(file, report.temp);
    if (report.first) sink.ascii("[\n");
    writeLines(sink, json, rows, report.first);
    if (report.last) sink.ascii(report.first && rows === 0 ? "]\n" : "\n]\n");
    sink.flush();
  } finally {
    file.close();
  }
  return lake;
}

/** The JSON lines of `rows` rows: `{…}` each, after `,\n` but for a report's first row. */
function writeLines(sink: ByteSink, json: JsonColumn[], rows: number, first: boolean): void {
  let most = 4; // ",\n{" and "}"
  for (const column of json) most += column.prefix.length + Math.max(NULL.length, column.most);
  for (let r = 0; r < rows; r++) {
    // Byte loops rather than `set`: most values are a few bytes, and `set` needs a view each.
    sink.reserve(most);
    const out = sink.bytes;
    let end = sink.end;
    if (r > 0 || !first) {
      out[end++] = 0x2c; // ,
      out[end++] = 0x0a; // \n
    }
    out[end++] = 0x7b; // {
    for (let c = 0; c < json.length; c++) {
      const { prefix, valid, numbers, offsets, bytes, quote } = json[c];
      for (let i = 0; i < prefix.length; i++) out[end++] = prefix[i];
      if (valid[r] === 0) {
        for (let i = 0; i < NULL.length; i++) out[end++] = NULL[i];
      } else if (numbers !== null) {
        end = writeNumber(out, end, numbers[r]);
      } else {
        if (quote) out[end++] = 0x22;
        for (let i = offsets[r]; i < offsets[r + 1]; i++) out[end++] = bytes[i];
        if (quote) out[end++] = 0x22;
      }
    }
    out[end++] = 0x7d; // }
    sink.end = end;
  }
}

/** A text column of the JSON lines from `utf8` parts (offsets, bytes, validity). */
function textColumn(prefix: Uint8Array, parts: ColumnParts, quote: boolean): JsonColumn {
  const [offsets, bytes, valid] = parts.arrays as [Int32Array, Uint8Array, Uint8Array];
  let most = 0;
  for (let r = 0; r + 1 < offsets.length; r++) most = Math.max(most, offsets[r + 1] - offsets[r]);
  return { prefix, valid, numbers: null, offsets, bytes, quote, most: most + (quote ? 2 : 0) };
}

/**
 * Puts a report's JSON file in place, after its last part.
 *
 * @param report The report's last part.
 * @throws Error naming the JSON file when it cannot be renamed.
 */
export function placeReportJson(report: ReportPart): void {
  try {
    Deno.renameSync(report.temp, report.json);
  } catch (cause) {
    throw new Error(`Cannot write report file ${report.json}: ${errorText(cause)}`, { cause });
  }
}

/** Money amounts as whole cents, as a `decimal` column of scale 2 holds them. */
function cents(values: Float64Array): Float64Array {
  const scaled = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) scaled[r] = Math.round(values[r] * 100);
  return scaled;
}

/** A `utf8` column from string indices (-1 for null): offsets, UTF-8 bytes, validity. */
function utf8Strings(indices: Int32Array, distinct: string[], rows: number): ColumnParts {
  const encoded = distinct.map((value) => encoder.encode(value));
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const i = indices[r];
    valid[r] = i < 0 ? 0 : 1;
    offsets[r + 1] = offsets[r] + (i < 0 ? 0 : encoded[i].length);
  }
  const bytes = new Uint8Array(offsets[rows]);
  for (let r = 0; r < rows; r++) if (indices[r] >= 0) bytes.set(encoded[indices[r]], offsets[r]);
  return { arrays: [offsets, bytes, valid] };
}
