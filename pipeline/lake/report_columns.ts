/**
 * A report's rows held column by column, checked against the report's schema, until they are
 * handed on as one part job.
 *
 * @module
 */

import type { ColumnParts } from "./column_buffer.ts";
import { grownCapacity } from "./column_buffer.ts";
import { type FieldReader, fieldReader } from "./field_reader.ts";

import { MAX_MONEY } from "../../operators/money.ts";
import { MAX_DATE_MS } from "../../operators/parse_time.ts";

import type { ReportColumnType, ReportSchema } from "../../operators/registry.ts";

/**
 * Checked report rows. Values are kept as the report gave them, not yet converted to what the
 * files hold: every number (minutes and timestamps as epoch ms, money unscaled) in a
 * `Float64Array` with a validity byte per row, every string as an index into the part's
 * distinct strings (-1 for null). Why: turning a minute into ISO text, scaling money and
 * writing the JSON lines all happen where the part is encoded (`writeReportLines`), on the
 * lake's encoder worker during a replay, and these arrays are what travels there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const columns = new ReportColumns([{ name: "minute", type: "minute" }, { name: "n", type: "int" }]);
 * columns.append([{ minute: 60_000, n: 2 }, { minute: 120_000 }], 0, 2);
 * assert.equal(columns.length, 2);
 * assert.deepEqual([...columns.parts()[1].arrays[1]!], [1, 0]); // validity of "n"
 * ```
 */
export class ReportColumns {
  /** Number of rows held. */
  length = 0;
  readonly #schema: ReportSchema;
  readonly #read: FieldReader[];
  /** Per column: the numbers, or the string indices (one of the two is null). */
  readonly #numbers: (Float64Array | null)[];
  readonly #indices: (Int32Array | null)[];
  /** Per column: validity of the numbers (null for a string column). */
  readonly #valid: (Uint8Array | null)[];
  /** Per string column: its distinct strings so far, and their indices. */
  readonly #strings: string[][];
  readonly #index: Map<string, number>[];
  #capacity = 1024;
  /** Reused: one column's values of the rows being appended. */
  readonly #run: unknown[] = [];

  /** @param schema The report's ordered columns. */
  constructor(schema: ReportSchema) {
    this.#schema = schema;
    this.#read = schema.map((column) => fieldReader(column.name));
    const isString = schema.map((column) => column.type === "string");
    this.#numbers = isString.map((s) => s ? null : new Float64Array(this.#capacity));
    this.#valid = isString.map((s) => s ? null : new Uint8Array(this.#capacity));
    this.#indices = isString.map((s) => s ? new Int32Array(this.#capacity) : null);
    this.#strings = schema.map(() => []);
    this.#index = schema.map(() => new Map());
  }

  /**
   * Checks and appends `rows[from … to-1]`, one column at a time. When a value does not fit its
   * column, the rows before its row are kept and the error names the first such value (in row
   * order, then column order), as a row-by-row check would.
   *
   * @param rows Row objects keyed by column name; other keys are ignored, a missing key is null.
   * @param from First row.
   * @param to One past the last row.
   * @throws TypeError naming the column and value that do not match the schema.
   */
  append(rows: readonly object[], from: number, to: number): void {
    const count = to - from;
    this.#reserve(this.length + count);
    const run = this.#run;
    run.length = count;
    let bad = count; // rows before this one are good in every column checked so far
    let badColumn = -1;
    for (let c = 0; c < this.#schema.length; c++) {
      this.#read[c](rows, from, to, run);
      const k = this.#store(c, run, bad);
      if (k < bad) {
        bad = k;
        badColumn = c;
      }
    }
    if (badColumn >= 0) {
      const { name, type } = this.#schema[badColumn];
      const value = (rows[from + bad] as Record<string, unknown>)[name];
      run.length = 0;
      this.length += bad;
      throw new TypeError(`Report column "${name}" needs a ${type}, got ${JSON.stringify(value)}`);
    }
    run.length = 0; // drop the references: the rows may be collected
    this.length += count;
  }

  /**
   * The held rows as a part job's columns (views of this buffer's memory: copy them before the
   * next `append`): per number column its values and validity, per string column its indices,
   * with the distinct strings.
   */
  parts(): ColumnParts[] {
    const length = this.length;
    return this.#schema.map((_, c) =>
      this.#indices[c] === null
        ? { arrays: [this.#numbers[c]!.subarray(0, length), this.#valid[c]!.subarray(0, length)] }
        : { arrays: [this.#indices[c]!.subarray(0, length)], strings: this.#strings[c] }
    );
  }

  /** Forgets the held rows (and the distinct strings), keeping the arrays for the next ones. */
  clear(): void {
    this.length = 0;
    for (let c = 0; c < this.#schema.length; c++) {
      if (this.#indices[c] === null) continue;
      this.#strings[c] = [];
      this.#index[c].clear();
    }
  }

  /**
   * Stores `run[0 … limit-1]`, column `c`'s values of the rows being appended, at row
   * `this.length …`; returns the first row whose value does not fit, or `limit`.
   */
  #store(c: number, run: unknown[], limit: number): number {
    const at = this.length;
    const indices = this.#indices[c];
    if (indices !== null) {
      const strings = this.#strings[c];
      const index = this.#index[c];
      for (let k = 0; k < limit; k++) {
        const value = run[k];
        if (typeof value === "string") {
          let i = index.get(value);
          if (i === undefined) {
            i = strings.push(value) - 1;
            index.set(value, i);
          }
          indices[at + k] = i;
        } else if (value === null || value === undefined) indices[at + k] = -1;
        else return k;
      }
      return limit;
    }
    const type = this.#schema[c].type;
    const numbers = this.#numbers[c]!;
    const valid = this.#valid[c]!;
    for (let k = 0; k < limit; k++) {
      const value = run[k];
      if (value === null || value === undefined) {
        numbers[at + k] = 0;
        valid[at + k] = 0;
        continue;
      }
      const number = checkNumber(type, value);
      if (number === null) return k;
      numbers[at + k] = number;
      valid[at + k] = 1;
    }
    return limit;
  }

  #reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    const capacity = grownCapacity(this.#capacity, rows);
    for (let c = 0; c < this.#schema.length; c++) {
      this.#numbers[c] &&= grown(this.#numbers[c]!, new Float64Array(capacity));
      this.#valid[c] &&= grown(this.#valid[c]!, new Uint8Array(capacity));
      this.#indices[c] &&= grown(this.#indices[c]!, new Int32Array(capacity));
    }
    this.#capacity = capacity;
  }
}

function grown<T extends Float64Array | Uint8Array | Int32Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}

/** A non-null value of a number column as the number to hold (timestamps as ms), or null. */
function checkNumber(type: ReportColumnType, value: unknown): number | null {
  switch (type) {
    case "int":
      return Number.isSafeInteger(value) ? value as number : null;
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    case "money": {
      // Whole cents only: a money column must not round what it stores. `cents / 100` is one
      // correctly rounded division, the double nearest to the amount: equal only if `value` is it.
      // (Comparing `value * 100` with its rounding instead refused one amount in ten above 10⁹.)
      if (typeof value !== "number" || !(Math.abs(value) < MAX_MONEY)) return null;
      const cents = Math.round(value * 100);
      return cents / 100 === value ? value : null;
    }
    case "timestamp": {
      const ms = typeof value === "string" ? Date.parse(value) : value;
      return Number.isSafeInteger(ms) && Math.abs(ms as number) <= MAX_DATE_MS
        ? ms as number
        : null;
    }
    case "minute":
      // Epoch ms inside the graph; ISO text in the files (made where the part is written).
      return Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_DATE_MS
        ? value as number
        : null;
    default:
      return null;
  }
}
