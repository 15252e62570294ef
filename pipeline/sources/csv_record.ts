/**
 * The raw record of one CSV row, whose position and original text are made only when read.
 *
 * @module
 */

import type { RawRecord, RecordLayout } from "../../operators/types.ts";

/**
 * A {@linkcode RawRecord} read by the CSV splitter. A valid row never needs its position (unless
 * it has no `event_id`) nor its text (only a quarantined row does), so the record keeps the
 * line number and where its text stands in the splitter's buffer, and `position` and `raw` are
 * built on each read. That saves three strings per row (the row's text, the position and its
 * number) on the hot path of a replay. The buffer is the chunk the row's fields were sliced
 * from, which they keep alive anyway; a record lives one batch.
 *
 * Made by `new`, so V8 does not pretenure records (see raw_record.ts). `position` and `raw` are
 * getters on the prototype: read them by name (as every consumer does), not by spreading.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const buf = "a,b\n1,2\n";
 * const rec = new CsvRecord("activity", { a: "1", b: "2" }, undefined, "a.csv:line ", 2, buf, 4, 7);
 * assert.equal(rec.position, "a.csv:line 2");
 * assert.equal(rec.raw, "1,2");
 * ```
 */
export class CsvRecord implements RawRecord {
  readonly #linePrefix: string;
  readonly #line: number;
  readonly #buf: string;
  readonly #start: number;
  readonly #end: number;

  /**
   * @param source The table name.
   * @param fields Fields by column name.
   * @param layout The delimiter and the header's names (`undefined` for a headerless file).
   * @param linePrefix The position up to the line number, e.g. `activity.csv:line `.
   * @param line The physical line (1-based) the row starts on.
   * @param buf The text the row was read from.
   * @param start Index of the row's first character in `buf`.
   * @param end Index after its last (its line terminator excluded).
   */
  constructor(
    readonly source: string,
    readonly fields: Record<string, unknown>,
    readonly layout: RecordLayout | undefined,
    linePrefix: string,
    line: number,
    buf: string,
    start: number,
    end: number,
  ) {
    this.#linePrefix = linePrefix;
    this.#line = line;
    this.#buf = buf;
    this.#start = start;
    this.#end = end;
  }

  /** Where the row starts: `file.csv:line N`. */
  get position(): string {
    return this.#linePrefix + this.#line;
  }

  /** The row's original text, without its line terminator. */
  get raw(): string {
    return this.#buf.slice(this.#start, this.#end);
  }
}
