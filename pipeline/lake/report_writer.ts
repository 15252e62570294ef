/**
 * Writes a computed report twice: as a JSON array for people and the console, and as Parquet
 * part files beside the lake tables for query engines.
 *
 * @module
 */

import type { ColumnSpec } from "./lake_schema.ts";
import { errorText, partFileName, resetPartDir } from "./part_files.ts";
import { PartitionBuffer } from "./partition_buffer.ts";
import { InlinePartWriter, type PartWriter } from "./part_writer.ts";

import { isoText } from "../../operators/iso_text.ts";
import type { ReportColumnType, ReportSchema } from "../../operators/registry.ts";

export type { ReportColumnType, ReportSchema };

const ROWS_PER_FILE = 131_072;
const JSON_CHUNK_CHARS = 1 << 16;
/** Checked rows gathered before they are copied into the columns in one run. */
const ROWS_PER_RUN = 4096;

const encoder = new TextEncoder();
/**
 * UTF-8 of the JSON chunk being written, shared by all writers (a chunk is written before the
 * next is encoded). At most 3 bytes per UTF-16 unit.
 */
let jsonBuffer = new Uint8Array(3 * JSON_CHUNK_CHARS + 3 * 1024);

const KINDS = {
  string: "utf8",
  int: "int64",
  float: "float64",
  money: "decimal",
  timestamp: "timestamp",
  minute: "utf8",
} as const;

/** Decimal places of `money` report columns: the reports round money to cents. */
export const REPORT_MONEY_SCALE = 2;

/**
 * Streams report rows to `<dir>/<name>.json` (a JSON array, one row per line, keys in schema
 * order) and `<dir>/<name>/part-NNNNN.parquet` (at most 131072 rows per file). Opening removes
 * the report's previous Parquet files; the JSON file is written under a temporary name and
 * replaces the old one at `close()`. So that a reader of the lake never sees a report half
 * replaced, a replay points `dir` at the staging version of `<lake>/reports`
 * (`LakeWriter.stage("reports")`), which it commits once every report is closed.
 *
 * @example
 * ```ts
 * const reports = await Deno.makeTempDir();
 * const report = new ReportWriter(reports, "monthly_revenue", [
 *   { name: "month", type: "string" },
 *   { name: "revenue", type: "float" },
 * ]);
 * report.append([{ month: "2019-10", revenue: 1234.5 }]);
 * report.close();
 * await Deno.remove(reports, { recursive: true });
 * ```
 */
export class ReportWriter {
  readonly #schema: ReportSchema;
  /** Per column, what precedes its value in a JSON line: `"name":`, after a comma but first. */
  readonly #prefixes: string[];
  /** Reused per row: its checked values in schema order. */
  readonly #values: unknown[];
  readonly #dir: string;
  readonly #jsonPath: string;
  readonly #jsonTemp: string;
  readonly #json: Deno.FsFile;
  readonly #parts: PartWriter;
  readonly #rows: PartitionBuffer;
  /**
   * Checked rows not yet in `#rows`. Why: the column buffers copy a run of rows per call, and
   * one call per row (report rows come a few at a time) cost more than checking the rows.
   */
  readonly #run: Record<string, unknown>[] = [];
  #pending = "[\n";
  #rowCount = 0;
  #part = 0;
  #closed = false;

  /**
   * @param dir Reports directory: `<lake>/reports`, or a staging version of it.
   * @param name Report name, used as file and directory name (letters, digits, `_`, `-`).
   * @param schema The report's ordered columns.
   * @param parts Encodes and writes the Parquet part files; default on the calling thread. A
   *   lake's encoder worker (`LakeWriter.parts`) takes that work off the pipeline's thread;
   *   the files are then on disk once that writer is flushed, not when `close()` returns.
   * @throws Error naming the path when the report cannot be created.
   */
  constructor(dir: string, name: string, schema: ReportSchema, parts?: PartWriter) {
    if (!/^[\w-]+$/.test(name)) throw new TypeError(`Invalid report name: ${JSON.stringify(name)}`);
    if (schema.length === 0) throw new TypeError(`Report ${name} has no columns`);
    this.#schema = schema;
    this.#prefixes = schema.map((column, c) =>
      `${c === 0 ? "" : ","}${JSON.stringify(column.name)}:`
    );
    this.#values = new Array(schema.length).fill(null);
    const specs: ColumnSpec[] = schema.map((column) => ({
      name: column.name,
      field: column.name,
      kind: KINDS[column.type],
      nullable: true,
      scale: column.type === "money" ? REPORT_MONEY_SCALE : undefined,
    }));
    this.#rows = new PartitionBuffer(specs, name);
    this.#parts = parts ?? new InlinePartWriter();
    this.#dir = `${dir}/${name}`;
    this.#jsonPath = `${dir}/${name}.json`;
    this.#jsonTemp = `${dir}/.${name}.json.tmp`;
    resetPartDir(this.#dir);
    try {
      this.#json = Deno.openSync(this.#jsonTemp, { write: true, create: true, truncate: true });
    } catch (cause) {
      throw new Error(`Cannot write report file ${this.#jsonTemp}: ${errorText(cause)}`, { cause });
    }
  }

  /**
   * Appends rows; each value must match its column's type.
   *
   * @param rows Row objects keyed by column name; other keys are ignored.
   * @throws TypeError naming the column and value that do not match the schema.
   */
  append(rows: readonly object[]): void {
    if (this.#closed) throw new Error(`ReportWriter.append() called after close()`);
    const schema = this.#schema;
    try {
      const values = this.#values;
      for (const row of rows as readonly Record<string, unknown>[]) {
        let line = this.#rowCount === 0 ? "{" : ",\n{";
        let converted = false; // a value differs from the row's own (a timestamp, a missing key)
        for (let c = 0; c < schema.length; c++) {
          const { name, type } = schema[c];
          const raw = row[name];
          const value = checkValue(name, type, raw);
          if (value !== raw) converted = true;
          values[c] = value;
          line += this.#prefixes[c] + jsonText(type, value);
        }
        this.#pending += line + "}";
        this.#rowCount++;
        // The columns read a row's values by column name, so a row that needed no conversion
        // is handed over as it is, without a copy.
        this.#run.push(converted ? this.#checked(values) : row);
        if (this.#rows.length + this.#run.length === ROWS_PER_FILE) this.#writePart();
        else if (this.#run.length === ROWS_PER_RUN) this.#flushRun();
        if (this.#pending.length >= JSON_CHUNK_CHARS) this.#writeJson();
      }
    } finally {
      // Rows checked before a bad value are kept, as when they were copied one by one.
      this.#flushRun();
    }
  }

  /** Writes the remaining rows and puts the JSON file in place. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // An empty report still gets one (empty) part file so readers see its schema.
    if (this.#rows.length > 0 || this.#part === 0) this.#writePart();
    this.#pending += this.#rowCount === 0 ? "]\n" : "\n]\n";
    this.#writeJson();
    this.#json.close();
    try {
      Deno.renameSync(this.#jsonTemp, this.#jsonPath);
    } catch (cause) {
      throw new Error(`Cannot write report file ${this.#jsonPath}: ${errorText(cause)}`, { cause });
    }
  }

  /** A row of the checked `values` (in schema order), as the columns must store them. */
  #checked(values: readonly unknown[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    const schema = this.#schema;
    for (let c = 0; c < schema.length; c++) row[schema[c].name] = values[c];
    return row;
  }

  #flushRun(): void {
    if (this.#run.length === 0) return;
    this.#rows.append(this.#run, 0, this.#run.length);
    this.#run.length = 0;
  }

  #writePart(): void {
    this.#flushRun();
    const rows = this.#rows.length;
    const columns = this.#rows.drain();
    this.#parts.submit({
      dir: this.#dir,
      name: partFileName(this.#part),
      reset: false,
      specs: this.#rows.specs,
      columns,
      rows,
    });
    this.#part++;
  }

  #writeJson(): void {
    // Into one reused buffer: a fresh array per 64 KiB chunk was garbage for every chunk.
    const text = this.#pending;
    this.#pending = "";
    if (text.length * 3 > jsonBuffer.length) jsonBuffer = new Uint8Array(text.length * 3);
    const bytes = jsonBuffer.subarray(0, encoder.encodeInto(text, jsonBuffer).written);
    try {
      for (let written = 0; written < bytes.length;) {
        written += this.#json.writeSync(bytes.subarray(written));
      }
    } catch (cause) {
      throw new Error(`Cannot write report file ${this.#jsonTemp}: ${errorText(cause)}`, { cause });
    }
  }
}

/**
 * Reads a report's JSON file.
 *
 * @param root Lake root directory.
 * @param name Report name.
 * @returns The report's rows.
 */
export async function readReportJson(
  root: string,
  name: string,
): Promise<Record<string, unknown>[]> {
  return JSON.parse(await Deno.readTextFile(`${root}/reports/${name}.json`));
}

/**
 * A checked value as JSON text: what `JSON.stringify` gives (for a finite number that is
 * `String(value)`, which skips the generic serializer), and a timestamp as an ISO string.
 */
function jsonText(type: ReportColumnType, value: unknown): string {
  if (value === null) return "null";
  switch (type) {
    case "string":
      return JSON.stringify(value);
    case "minute":
      // ISO text from `isoText`: digits, `-`, `:`, `.`, `T` and `Z`, nothing to escape.
      return `"${value}"`;
    case "timestamp":
      return `"${isoText(value as number)}"`;
    default:
      return String(value);
  }
}

/** Checks one value against its column type; returns it (timestamps as ms) or `null`. */
function checkValue(name: string, type: ReportColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "string":
      if (typeof value === "string") return value;
      break;
    case "int":
      if (Number.isSafeInteger(value)) return value;
      break;
    case "float":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      break;
    case "money":
      // Whole cents only: a money column must not round what it stores.
      if (typeof value === "number" && Number.isSafeInteger(Math.round(value * 100))) {
        if (Math.abs(value * 100 - Math.round(value * 100)) < 1e-6) return value;
      }
      break;
    case "timestamp": {
      const ms = typeof value === "string" ? Date.parse(value) : value;
      if (Number.isSafeInteger(ms)) return ms;
      break;
    }
    case "minute":
      // The edge where a minute (epoch ms inside the graph) becomes ISO text.
      if (Number.isSafeInteger(value)) return isoText(value as number);
      break;
  }
  throw new TypeError(`Report column "${name}" needs a ${type}, got ${JSON.stringify(value)}`);
}
