/**
 * Writes a computed report twice: as a JSON array for people and the console, and as Parquet
 * part files beside the lake tables for query engines.
 *
 * @module
 */

import type { ColumnSpec } from "./lake_schema.ts";
import { errorText, partFileName, resetPartDir } from "./part_files.ts";
import { InlinePartWriter, type PartWriter } from "./part_writer.ts";
import { ReportColumns } from "./report_columns.ts";
import { readReportFile } from "../../server/report_file.ts";

import type { ReportColumnType, ReportSchema } from "../../operators/registry.ts";

export type { ReportColumnType, ReportSchema };

const ROWS_PER_FILE = 131_072;

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
  readonly #specs: ColumnSpec[];
  readonly #dir: string;
  readonly #jsonPath: string;
  readonly #jsonTemp: string;
  readonly #parts: PartWriter;
  readonly #rows: ReportColumns;
  #part = 0;
  #closed = false;

  /**
   * @param dir Reports directory: `<lake>/reports`, or a staging version of it.
   * @param name Report name, used as file and directory name (letters, digits, `_`, `-`).
   * @param schema The report's ordered columns.
   * @param parts Encodes and writes the Parquet part files and the JSON lines; default on the
   *   calling thread. A lake's encoder worker (`LakeWriter.parts`) takes that work off the
   *   pipeline's thread; the files are then on disk once that writer is flushed, not when
   *   `close()` returns.
   * @throws Error naming the path when the report cannot be created.
   */
  constructor(dir: string, name: string, schema: ReportSchema, parts?: PartWriter) {
    if (!/^[\w-]+$/.test(name)) throw new TypeError(`Invalid report name: ${JSON.stringify(name)}`);
    if (schema.length === 0) throw new TypeError(`Report ${name} has no columns`);
    this.#schema = schema;
    this.#specs = schema.map((column) => ({
      name: column.name,
      field: column.name,
      kind: KINDS[column.type],
      nullable: true,
      scale: column.type === "money" ? REPORT_MONEY_SCALE : undefined,
    }));
    this.#rows = new ReportColumns(schema);
    this.#parts = parts ?? new InlinePartWriter();
    this.#dir = `${dir}/${name}`;
    this.#jsonPath = `${dir}/${name}.json`;
    this.#jsonTemp = `${dir}/.${name}.json.tmp`;
    resetPartDir(this.#dir);
    // Created here so that an unwritable report fails at once; the part jobs write its lines.
    try {
      Deno.openSync(this.#jsonTemp, { write: true, create: true, truncate: true }).close();
    } catch (cause) {
      throw new Error(`Cannot write report file ${this.#jsonTemp}: ${errorText(cause)}`, { cause });
    }
  }

  /**
   * Appends rows; each value must match its column's type.
   *
   * @param rows Row objects keyed by column name; other keys are ignored.
   * @throws TypeError naming the column and value that do not match the schema (the rows
   *   before it are kept).
   */
  append(rows: readonly object[]): void {
    if (this.#closed) throw new Error(`ReportWriter.append() called after close()`);
    for (let from = 0; from < rows.length;) {
      // A full part is written once more rows come, so that `close` always has a last part
      // to finish the JSON file with.
      if (this.#rows.length === ROWS_PER_FILE) this.#writePart(false);
      const to = Math.min(rows.length, from + ROWS_PER_FILE - this.#rows.length);
      this.#rows.append(rows, from, to);
      from = to;
    }
  }

  /**
   * Writes the remaining rows and puts the JSON file in place (once the part writer is
   * flushed). Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // An empty report still gets one (empty) part file so readers see its schema.
    this.#writePart(true);
  }

  #writePart(last: boolean): void {
    const rows = this.#rows.length;
    this.#parts.submit({
      dir: this.#dir,
      name: partFileName(this.#part),
      reset: false,
      specs: this.#specs,
      columns: this.#rows.parts(),
      rows,
      report: {
        schema: this.#schema,
        json: this.#jsonPath,
        temp: this.#jsonTemp,
        first: this.#part === 0,
        last,
      },
    });
    this.#rows.clear();
    this.#part++;
  }
}

/**
 * Reads a report's JSON file, checked as the console reads it ({@linkcode readReportFile}).
 *
 * @param root Lake root directory.
 * @param name Report name.
 * @returns The report's rows.
 * @throws {Deno.errors.NotFound} when the report is not there; else an Error naming the file
 *   and what is wrong with it (not a regular file, too large, not an array of objects).
 */
export function readReportJson(root: string, name: string): Promise<Record<string, unknown>[]> {
  return readReportFile(`${root}/reports/${name}.json`);
}
