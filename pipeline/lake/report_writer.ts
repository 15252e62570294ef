/**
 * Writes a computed report twice: as a JSON array for people and the console, and as Parquet
 * part files beside the lake tables for query engines.
 *
 * @module
 */

import type { ColumnSpec } from "./lake_schema.ts";
import { errorText, partFileName, resetPartDir } from "./part_files.ts";
import { writePart } from "./part_job.ts";
import { PartitionBuffer } from "./partition_buffer.ts";

/** Value types of report columns. */
export type ReportColumnType = "string" | "int" | "float" | "timestamp";

/**
 * The ordered columns of a report. Values: `string` strings; `int` safe integers (Parquet int64);
 * `float` finite numbers (float64); `timestamp` ms since the epoch or an ISO-8601 string (Parquet
 * timestamp[ms, UTC], JSON ISO string). Every column accepts `null`; a missing key means `null`.
 */
export type ReportSchema = readonly { name: string; type: ReportColumnType }[];

const ROWS_PER_FILE = 131_072;
const JSON_CHUNK_CHARS = 1 << 16;

const KINDS = {
  string: "utf8",
  int: "int64",
  float: "float64",
  timestamp: "timestamp",
} as const;

/**
 * Streams report rows to `<root>/reports/<name>.json` (a JSON array, one row per line, keys in
 * schema order) and `<root>/reports/<name>/part-NNNNN.parquet` (at most 131072 rows per file).
 * Opening removes the report's previous Parquet files; the JSON file is written under a
 * temporary name and replaces the old one at `close()`.
 *
 * @example
 * ```ts
 * const report = new ReportWriter("lake", "monthly_revenue", [
 *   { name: "month", type: "string" },
 *   { name: "revenue", type: "float" },
 * ]);
 * report.append([{ month: "2019-10", revenue: 1234.5 }]);
 * report.close();
 * ```
 */
export class ReportWriter {
  readonly #schema: ReportSchema;
  readonly #keys: string[];
  readonly #dir: string;
  readonly #jsonPath: string;
  readonly #jsonTemp: string;
  readonly #json: Deno.FsFile;
  readonly #rows: PartitionBuffer;
  #pending = "[\n";
  #rowCount = 0;
  #part = 0;
  #closed = false;

  /**
   * @param root Lake root directory.
   * @param name Report name, used as file and directory name (letters, digits, `_`, `-`).
   * @param schema The report's ordered columns.
   * @throws Error naming the path when the report cannot be created.
   */
  constructor(root: string, name: string, schema: ReportSchema) {
    if (!/^[\w-]+$/.test(name)) throw new TypeError(`Invalid report name: ${JSON.stringify(name)}`);
    if (schema.length === 0) throw new TypeError(`Report ${name} has no columns`);
    this.#schema = schema;
    this.#keys = schema.map((column) => JSON.stringify(column.name));
    const specs: ColumnSpec[] = schema.map((column) => ({
      name: column.name,
      field: column.name,
      kind: KINDS[column.type],
      nullable: true,
    }));
    this.#rows = new PartitionBuffer(specs, name);
    this.#dir = `${root}/reports/${name}`;
    this.#jsonPath = `${root}/reports/${name}.json`;
    this.#jsonTemp = `${root}/reports/.${name}.json.tmp`;
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
  append(rows: readonly Record<string, unknown>[]): void {
    if (this.#closed) throw new Error(`ReportWriter.append() called after close()`);
    for (const row of rows) {
      const values: Record<string, unknown> = {};
      let line = this.#rowCount === 0 ? "{" : ",\n{";
      for (let c = 0; c < this.#schema.length; c++) {
        const { name, type } = this.#schema[c];
        const value = checkValue(name, type, row[name]);
        values[name] = value;
        const text = type === "timestamp" && value !== null
          ? `"${new Date(value as number).toISOString()}"`
          : JSON.stringify(value);
        line += `${c === 0 ? "" : ","}${this.#keys[c]}:${text}`;
      }
      this.#pending += line + "}";
      this.#rowCount++;
      this.#rows.append([values], 0, 1);
      if (this.#rows.length === ROWS_PER_FILE) this.#writePart();
      if (this.#pending.length >= JSON_CHUNK_CHARS) this.#writeJson();
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

  #writePart(): void {
    const rows = this.#rows.length;
    const ipc = this.#rows.drain();
    writePart({
      dir: this.#dir,
      name: partFileName(this.#part),
      reset: false,
      specs: this.#rows.specs,
      ipc,
      rows,
    });
    this.#part++;
  }

  #writeJson(): void {
    const bytes = new TextEncoder().encode(this.#pending);
    this.#pending = "";
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
    case "timestamp": {
      const ms = typeof value === "string" ? Date.parse(value) : value;
      if (Number.isSafeInteger(ms)) return ms;
      break;
    }
  }
  throw new TypeError(`Report column "${name}" needs a ${type}, got ${JSON.stringify(value)}`);
}
