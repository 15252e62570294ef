/**
 * A dictionary-encoded string column buffered as Int32 keys plus the distinct values.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { countNulls, utf8Data, validityBitmap } from "./arrow_data.ts";
import { type ColumnBuffer, grownCapacity, wrongValue } from "./column_buffer.ts";
import { type FieldReader, fieldReader } from "./field_reader.ts";
import type { ColumnSpec } from "./lake_schema.ts";

/**
 * Buffers a `dict` column. Keys are numbered in order of first appearance within the part
 * file, so equal input gives an equal dictionary.
 */
export class DictionaryColumn implements ColumnBuffer {
  readonly spec: ColumnSpec;
  #keys = new Int32Array(1024);
  #valid: Uint8Array | null;
  #index = new Map<string, number>();
  #distinct: string[] = [];
  readonly #read: FieldReader;
  /** Reused across appends: the values of the current run. */
  readonly #run: unknown[] = [];

  /** @param spec A `dict` column. */
  constructor(spec: ColumnSpec) {
    this.spec = spec;
    this.#read = fieldReader(spec.field);
    this.#valid = spec.nullable ? new Uint8Array(1024) : null;
  }

  /** See {@linkcode ColumnBuffer.append}. */
  append(records: readonly object[], from: number, to: number, at: number): void {
    const nullable = this.spec.nullable;
    const count = to - from;
    this.#reserve(at + count);
    const run = this.#run;
    run.length = count;
    this.#read(records, from, to, run);
    const keys = this.#keys;
    const valid = this.#valid;
    const index = this.#index;
    for (let k = 0, row = at; k < count; k++, row++) {
      const value = run[k];
      if (typeof value === "string") {
        let key = index.get(value);
        if (key === undefined) {
          key = this.#distinct.length;
          index.set(value, key);
          this.#distinct.push(value);
        }
        keys[row] = key;
        if (valid !== null) valid[row] = 1;
      } else if (value === null && nullable) {
        keys[row] = 0;
        valid![row] = 0;
      } else {
        throw wrongValue(this.spec, value, "a string");
      }
    }
    run.length = 0;
  }

  /** See {@linkcode ColumnBuffer.toData}. */
  toData(length: number, dictionaryId: number): arrow.Data {
    const nullCount = this.#valid === null ? 0 : countNulls(this.#valid, length);
    return arrow.makeData({
      type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), dictionaryId),
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? validityBitmap(this.#valid!, length) : undefined,
      data: this.#keys.subarray(0, length),
      dictionary: arrow.makeVector(utf8Data(this.#distinct, this.#distinct.length)),
    });
  }

  /** See {@linkcode ColumnBuffer.clear}. */
  clear(): void {
    this.#index = new Map();
    this.#distinct = [];
  }

  #reserve(rows: number): void {
    if (rows <= this.#keys.length) return;
    const capacity = grownCapacity(this.#keys.length, rows);
    const keys = new Int32Array(capacity);
    keys.set(this.#keys);
    this.#keys = keys;
    if (this.#valid !== null) {
      const valid = new Uint8Array(capacity);
      valid.set(this.#valid);
      this.#valid = valid;
    }
  }
}
