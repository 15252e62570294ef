/**
 * The compact JSON form of a {@linkcode MinuteTable}: the snapshot of the `minutes` family.
 *
 * @module
 */

import { EVENT_TYPES } from "../registry.ts";
import { MINUTE_MS } from "../time_buckets.ts";
import { emptyTable, type MinuteTable } from "./minute_table.ts";

/** A column mostly of zeros: the rows that are not, as gaps (the first from row 0), and values. */
export type SparseColumn = { rows: number[]; values: number[] };

/** One figure per minute: every value (`number[]`), or only those that are not zero. */
export type Column = number[] | SparseColumn;

/**
 * A table in columns. Why: a year of sparse history is some 25,000 active minutes and a snapshot
 * crosses the results store about once a second; an object per minute would repeat every key and
 * a 13-digit time, where a column holds a small number and a comma. Figures that are mostly zero
 * (carts, purchases, converted sessions, and sessions beyond users, which is almost always 0)
 * keep only their non-zero rows.
 */
export type MinuteColumns = {
  /** Minute starts as gaps in whole minutes: the first from the epoch, each next one > 0. */
  minutes: number[];
  /** Distinct users with any event, per minute. */
  users: Column;
  /** Distinct sessions minus distinct users, per minute. */
  extraSessions: Column;
  /** Distinct sessions with a `purchase` event, per minute. */
  converted: Column;
  /** Events per type, one column per type in `EVENT_TYPES` order. */
  counts: Column[];
};

/** A column is sparse when fewer than this share of its values are not zero (2 numbers each). */
const SPARSE_BELOW = 1 / 3;

function encodeColumn(values: readonly number[]): Column {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  if (!(nonZero < values.length * SPARSE_BELOW)) return values.slice();
  const rows: number[] = [];
  const kept: number[] = [];
  let last = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) continue;
    rows.push(i - last);
    kept.push(values[i]);
    last = i;
  }
  return { rows, values: kept };
}

/**
 * Encodes a table as columns; the result shares no array with the table.
 *
 * @param table a table (see `minute_table.ts`)
 * @returns its columns, JSON-safe
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendMinute, emptyTable } from "./minute_table.ts";
 * const table = emptyTable();
 * for (const m of [0, 1, 2, 5]) {
 *   const minute = Date.UTC(2019, 9, 1, 0, m);
 *   appendMinute(table, { minute, users: 1, sessions: 1, converted: 0, counts: [m + 1, 0, 0, 0] });
 * }
 * const columns = encodeColumns(table);
 * assert.deepEqual(columns.minutes, [Date.UTC(2019, 9, 1) / 60_000, 1, 1, 3]);
 * assert.deepEqual(columns.counts[0], [1, 2, 3, 6]);
 * assert.deepEqual(columns.counts[1], { rows: [], values: [] });
 * assert.deepEqual(decodeColumns(columns), table);
 * ```
 */
export function encodeColumns(table: MinuteTable): MinuteColumns {
  const n = table.minutes.length;
  const minutes = new Array<number>(n);
  const extra = new Array<number>(n);
  let last = 0;
  for (let i = 0; i < n; i++) {
    const index = table.minutes[i] / MINUTE_MS;
    minutes[i] = index - last;
    last = index;
    extra[i] = table.sessions[i] - table.users[i];
  }
  return {
    minutes,
    users: encodeColumn(table.users),
    extraSessions: encodeColumn(extra),
    converted: encodeColumn(table.converted),
    counts: table.counts.map(encodeColumn),
  };
}

/**
 * Decodes columns (as parsed from JSON) into a new table.
 *
 * @param columns columns from {@linkcode encodeColumns}
 * @returns the table they encode
 * @throws {TypeError} when a column is malformed or of another length; {RangeError} when a
 *   minute or row gap is not > 0
 */
export function decodeColumns(columns: MinuteColumns): MinuteTable {
  const gaps = columns?.minutes;
  if (!Array.isArray(gaps) || columns.counts?.length !== EVENT_TYPES.length) {
    throw new TypeError(
      `minute columns: malformed snapshot ${JSON.stringify(columns)?.slice(0, 80)}`,
    );
  }
  const n = gaps.length;
  const table = emptyTable();
  let index = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(gaps[i]) || (i > 0 && !(gaps[i] > 0))) {
      throw new RangeError(
        `minute columns: minute gap ${gaps[i]} at row ${i} is not an integer > 0`,
      );
    }
    index += gaps[i];
    table.minutes.push(index * MINUTE_MS);
  }
  table.users = decodeColumn(columns.users, n, "users");
  const extra = decodeColumn(columns.extraSessions, n, "extraSessions");
  for (let i = 0; i < n; i++) table.sessions.push(table.users[i] + extra[i]);
  table.converted = decodeColumn(columns.converted, n, "converted");
  table.counts = columns.counts.map((c, k) => decodeColumn(c, n, EVENT_TYPES[k]));
  return table;
}

function decodeColumn(column: Column, n: number, name: string): number[] {
  if (Array.isArray(column)) {
    if (column.length === n) return column.slice();
    throw new TypeError(`minute columns: ${name} has ${column.length} values for ${n} minutes`);
  }
  const { rows, values } = column ?? {};
  if (!Array.isArray(rows) || !Array.isArray(values) || rows.length !== values.length) {
    throw new TypeError(`minute columns: ${name} is malformed: ${JSON.stringify(column)}`);
  }
  const out = new Array<number>(n).fill(0);
  let row = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && !(rows[i] > 0)) {
      throw new RangeError(`minute columns: ${name} row gap ${rows[i]} at ${i} is not > 0`);
    }
    row += rows[i];
    if (!(Number.isInteger(row) && row >= 0 && row < n)) {
      throw new RangeError(`minute columns: ${name} row ${row} is outside 0..${n - 1}`);
    }
    out[row] = values[i];
  }
  return out;
}
