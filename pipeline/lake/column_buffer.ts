/**
 * Growable buffers of one lake column. Values are copied out of the records as they arrive
 * (strings encoded to UTF-8 at once), so no record or string is kept alive until the flush:
 * the records die young, and the collector never has to promote them.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import type { ColumnSpec } from "./lake_schema.ts";

/** The buffered values of one column of one partition. */
export interface ColumnBuffer {
  /** The column this buffer holds. */
  readonly spec: ColumnSpec;
  /**
   * Copies field `spec.field` of `records[from … to-1]` into rows `at …`.
   *
   * @param records Canonical records or quarantine rows.
   * @param from First record to copy.
   * @param to One past the last record to copy.
   * @param at Row index of `records[from]`: the number of rows already held.
   * @throws TypeError naming the column when a value does not fit it.
   */
  append(records: readonly object[], from: number, to: number, at: number): void;
  /**
   * Arrow data of rows `0 … length-1`. It may view this buffer's memory: use it (serialize it)
   * before the next `append` or `clear`.
   *
   * @param length Number of rows held.
   */
  toData(length: number): arrow.Data;
  /**
   * The raw arrays of rows `0 … length-1` (views of this buffer's memory, like `toData`), from
   * which {@linkcode columnData} builds the same Arrow data on another thread.
   *
   * @param length Number of rows held.
   */
  parts(length: number): ColumnParts;
  /** Forgets the held rows, keeping the allocated memory for the next ones. */
  clear(): void;
}

/**
 * A column's rows as plain arrays, cheap to copy to the encoder worker: the Arrow data (and the
 * IPC stream) are built there, off the pipeline's thread. Which arrays mean what is up to the
 * column kind (see each buffer's `parts`).
 */
export interface ColumnParts {
  /** Typed arrays; `null` for an absent one (the validity of a column without nulls). */
  arrays: (Uint8Array | Int32Array | Float64Array | null)[];
  /** Distinct values of a dictionary column. */
  strings?: string[];
}

/**
 * The error for a value that does not fit its column (a programming error upstream: canonical
 * records are validated before they reach the lake).
 */
export function wrongValue(spec: ColumnSpec, value: unknown, expected: string): TypeError {
  const allowed = spec.nullable ? `${expected} or null` : expected;
  return new TypeError(
    `Lake column "${spec.name}" (field "${spec.field}") needs ${allowed}, got ${String(value)}`,
  );
}

/** Doubles `capacity` until it holds `needed`. */
export function grownCapacity(capacity: number, needed: number): number {
  let grown = Math.max(capacity, 1024);
  while (grown < needed) grown *= 2;
  return grown;
}
