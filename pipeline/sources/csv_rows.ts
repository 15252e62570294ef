/**
 * The CSV splitter's row side: the first row (header or data), the column names, and the
 * records made of the rows after it.
 *
 * @module
 */

import type { RecordLayout, TableName } from "../../operators/types.ts";
import type { BatchBuilder } from "./batch_builder.ts";
import {
  columnSpeller,
  type CsvDialect,
  type FieldsConstructor,
  fieldsConstructor,
  isHeaderRow,
  sniffDialect,
} from "./csv_header.ts";
import type { CsvSplitterOptions } from "./csv_options.ts";
import { CsvRecord } from "./csv_record.ts";
import { NATIVE_COLUMNS, nativeColumnsFor } from "./native_columns.ts";

/**
 * Turns the rows a `CsvSplitter` scanned into records: the first row becomes the column names
 * when it is a header (see `isHeaderRow`), and each later row with as many values as there are
 * names becomes a {@linkcode CsvRecord}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchBuilder } from "./batch_builder.ts";
 * const rows = new CsvRows("activity", "a.csv", { header: true });
 * const out = new BatchBuilder("activity", 10, 0);
 * const buf = "a,b\n1,2\n";
 * rows.add(["a", "b"], 2, ",", buf, 0, 3, 1, out);
 * assert.equal(rows.add(["1", "2"], 2, ",", buf, 4, 7, 2, out), true);
 * assert.equal(rows.add(["1"], 1, ",", buf, 4, 5, 3, out), false); // wrong count
 * out.flush();
 * assert.deepEqual(out.ready[0].records[0].fields, { a: "1", b: "2" });
 * ```
 */
export class CsvRows {
  #names: string[] | null = null;
  #Fields: FieldsConstructor | null = null;
  #hasHeader = false;
  #layout: RecordLayout | undefined = undefined;
  readonly #header: boolean | "auto";
  readonly #columns: readonly string[] | undefined;
  readonly #known: readonly string[];
  readonly #spell: (name: string) => string | null;
  /** The position up to the line number: `file.csv:line `. */
  readonly linePrefix: string;

  /**
   * @param table The table the records are for (their `source`).
   * @param file The file's name in positions (its base name, with folders where two share it; `sourceNames`) (`file.csv:line 12`).
   * @param options Header handling.
   */
  constructor(readonly table: TableName, file: string, options: CsvSplitterOptions) {
    this.#header = options.header ?? "auto";
    this.#columns = options.columns;
    this.#known = options.knownColumns ?? options.columns ?? NATIVE_COLUMNS[table];
    this.#spell = columnSpeller(this.#known);
    this.linePrefix = file + ":line ";
  }

  /** The column names in use: `null` until the first row has been read. */
  get names(): readonly string[] | null {
    return this.#names;
  }

  /** Whether the first row was taken as the header (meaningful once `names` is set). */
  get hasHeader(): boolean {
    return this.#hasHeader;
  }

  /**
   * The delimiter sniffed from the file's first line (see `sniffDialect`).
   *
   * @param buf The file's text so far.
   * @param eof Whether `buf` is the whole file.
   * @returns The dialect; `null` while the first line is incomplete.
   */
  sniff(buf: string, eof: boolean): CsvDialect | null {
    return sniffDialect(
      buf,
      eof,
      this.#spell,
      (this.#columns ?? NATIVE_COLUMNS[this.table]).length,
    );
  }

  /**
   * Takes the scanned values of the row `buf[pos, end)`: as the header, or as a record added to
   * `out`.
   *
   * @param values The row's values (only the first `count` are read).
   * @param count How many values the row has.
   * @param delimiter The file's delimiter.
   * @param buf The text the row was read from.
   * @param pos Index of the row's first character.
   * @param end Index after its last (its line terminator excluded).
   * @param line The physical line the row starts on.
   * @param out Receives the record.
   * @returns `false` when the row has the wrong number of values (nothing was added).
   * @throws {Error} `UnknownHeaderError` for a first row that is neither header nor data.
   */
  add(
    values: string[],
    count: number,
    delimiter: string,
    buf: string,
    pos: number,
    end: number,
    line: number,
    out: BatchBuilder,
  ): boolean {
    let names = this.#names;
    if (names === null) {
      const header = isHeaderRow(
        values,
        count,
        this.#header,
        this.#spell,
        () =>
          `no header row recognised: the first line (${end - pos} characters, ${count} ` +
          `field${count === 1 ? "" : "s"} by ${JSON.stringify(delimiter)}) names none ` +
          `of the columns ${this.#known.join(", ")} and holds no number or timestamp`,
      );
      if (header) {
        this.#names = values.slice(0, count).map((name) => {
          const trimmed = name.trim();
          return this.#spell(trimmed) ?? trimmed;
        });
        this.#hasHeader = true;
        this.#layout = { format: "csv", delimiter, names: this.#names };
        return true;
      }
      // No layout: the names are assumed, not read, so whether a field holds an id is not
      // known either (a column out of place puts an id where a brand should be); a rejected
      // record of a headerless file keeps no text.
      names = this.#names = this.#columns === undefined
        ? nativeColumnsFor(this.table, count)
        : this.#columns.slice();
    }
    if (count !== names.length) return false;
    this.#Fields ??= fieldsConstructor(names);
    const fields = new this.#Fields(values);
    out.addRecord(
      new CsvRecord(this.table, fields, this.#layout, this.linePrefix, line, buf, pos, end),
    );
    return true;
  }
}
