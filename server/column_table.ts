/**
 * A read-only table of report rows stored as columns, so a year of per-minute rows costs typed
 * arrays instead of millions of small objects.
 *
 * @module
 */

/** One report row as stored in JSON. */
export type Row = Record<string, unknown>;

type Column =
  /** Numbers; `NaN` stands for null (JSON has no NaN, so the two cannot be confused). */
  | { kind: "number"; values: Float64Array }
  /** Dictionary-encoded strings; `NULL_CODE` stands for null. */
  | { kind: "string"; dict: string[]; codes: Uint32Array }
  | { kind: "any"; values: unknown[] };

const NULL_CODE = 0xffffffff;

/**
 * Columns built once from rows; rows are materialized only for the slices a request returns.
 * Number and string columns are typed arrays (strings dictionary-encoded, as Arrow does);
 * columns of mixed values keep the values as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const table = ColumnTable.fromRows([{ minute: "2019-10-01T00:00:00.000Z", active_users: 3 }]);
 * assert.equal(table.get(0, "active_users"), 3);
 * assert.deepEqual(table.slice(0, 1), [{ minute: "2019-10-01T00:00:00.000Z", active_users: 3 }]);
 * ```
 */
export class ColumnTable {
  /** Number of rows. */
  readonly length: number;
  readonly #keys: string[];
  readonly #columns: Column[];

  private constructor(length: number, keys: string[], columns: Column[]) {
    this.length = length;
    this.#keys = keys;
    this.#columns = columns;
  }

  /** An empty table. */
  static readonly EMPTY: ColumnTable = new ColumnTable(0, [], []);

  /**
   * Builds the columns; keys are those of the rows, in first-seen order. A key missing from a
   * row reads back as null.
   */
  static fromRows(rows: readonly Row[]): ColumnTable {
    const keys = new Set<string>();
    for (const row of rows) for (const key in row) keys.add(key);
    const list = [...keys];
    return new ColumnTable(rows.length, list, list.map((key) => buildColumn(rows, key)));
  }

  /** Value of `key` in row `i`; undefined for an unknown key. */
  get(i: number, key: string): unknown {
    const c = this.#keys.indexOf(key);
    return c === -1 ? undefined : read(this.#columns[c], i);
  }

  /** Row `i` as an object. */
  row(i: number): Row {
    const row: Row = {};
    for (let c = 0; c < this.#keys.length; c++) row[this.#keys[c]] = read(this.#columns[c], i);
    return row;
  }

  /** Rows `[start, end)` as objects. */
  slice(start = 0, end = this.length): Row[] {
    const rows: Row[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) rows.push(this.row(i));
    return rows;
  }

  /**
   * First index whose `key` is not less than `value`, for a table sorted by `key`.
   * Strings compare as strings, which orders ISO times and `YYYY-MM` months by time.
   */
  lowerBound(key: string, value: string): number {
    const c = this.#keys.indexOf(key);
    if (c === -1) return 0;
    const column = this.#columns[c];
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (String(read(column, mid)) < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function buildColumn(rows: readonly Row[], key: string): Column {
  let numbers = true;
  let strings = true;
  for (const row of rows) {
    const v = row[key] ?? null;
    if (v !== null && typeof v !== "number") numbers = false;
    if (v !== null && typeof v !== "string") strings = false;
    if (!numbers && !strings) break;
  }
  if (numbers) {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = (rows[i][key] as number | null) ?? NaN;
    return { kind: "number", values };
  }
  if (strings) {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const codes = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][key] as string | null | undefined;
      if (v === null || v === undefined) {
        codes[i] = NULL_CODE;
        continue;
      }
      let code = index.get(v);
      if (code === undefined) {
        code = dict.length;
        dict.push(v);
        index.set(v, code);
      }
      codes[i] = code;
    }
    return { kind: "string", dict, codes };
  }
  return { kind: "any", values: rows.map((row) => row[key] ?? null) };
}

function read(column: Column, i: number): unknown {
  switch (column.kind) {
    case "number": {
      const v = column.values[i];
      return Number.isNaN(v) ? null : v;
    }
    case "string": {
      const code = column.codes[i];
      return code === NULL_CODE ? null : column.dict[code];
    }
    case "any":
      return column.values[i];
  }
}
