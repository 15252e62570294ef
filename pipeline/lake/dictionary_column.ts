/**
 * A dictionary-encoded string column buffered as Int32 keys plus the distinct values.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { countNulls, utf8Data, validityBitmap } from "./arrow_data.ts";
import { type ColumnBuffer, type ColumnParts, grownCapacity, wrongValue } from "./column_buffer.ts";
import { type FieldReader, fieldReader } from "./field_reader.ts";
import type { ColumnSpec } from "./lake_schema.ts";
import { type ArrayMaker, NEW_ARRAYS } from "./scratch.ts";

/**
 * Buffers a `dict` column as keys into its distinct values (numbered in order of first
 * appearance within the part file, so equal input gives equal bytes); each value is encoded
 * once, and Parquet dictionary-encodes the column's pages.
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
    // Neighbouring rows often repeat a value (an event type): skip the map for a repeat.
    let last: string | null = null;
    let lastKey = 0;
    for (let k = 0, row = at; k < count; k++, row++) {
      const value = run[k];
      if (typeof value === "string") {
        if (value !== last) {
          let key = index.get(value);
          if (key === undefined) {
            key = this.#distinct.length;
            index.set(value, key);
            this.#distinct.push(value);
          }
          last = value;
          lastKey = key;
        }
        keys[row] = lastKey;
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

  /**
   * See {@linkcode ColumnBuffer.toData}. The column is handed over as plain `Utf8`, not as an
   * Arrow dictionary: Parquet still dictionary-encodes its pages (the files stay as small), but
   * the file's Arrow schema then says `string`, so readers such as pyarrow do not rebuild a
   * dictionary per file whose differing dictionaries they cannot group by without
   * `unify_dictionaries()`.
   */
  toData(length: number): arrow.Data {
    return DictionaryColumn.data(this.parts(length), length);
  }

  /** See {@linkcode ColumnBuffer.parts}: keys and validity (or `null`); the distinct values. */
  parts(length: number): ColumnParts {
    return {
      arrays: [
        this.#keys.subarray(0, length),
        this.#valid === null ? null : this.#valid.subarray(0, length),
      ],
      strings: this.#distinct,
    };
  }

  /**
   * The Arrow data (plain `Utf8`, see `toData`) of {@linkcode DictionaryColumn.parts}; its
   * offsets, text and bitmap come from `make`.
   */
  static data(parts: ColumnParts, length: number, make: ArrayMaker = NEW_ARRAYS): arrow.Data {
    const [keys, validity] = parts.arrays as [Int32Array, Uint8Array | null];
    const strings = parts.strings ?? [];
    const nullCount = validity === null ? 0 : countNulls(validity, length);
    const distinct = utf8Data(strings, strings.length);
    const from = distinct.valueOffsets;
    const text = distinct.values;
    const valid = nullCount > 0 ? validity : null;
    const offsets = make.int32(length + 1);
    let end = 0;
    for (let row = 0; row < length; row++) {
      if (valid === null || valid[row] !== 0) end += from[keys[row] + 1] - from[keys[row]];
      offsets[row + 1] = end;
    }
    const bytes = make.bytes(end);
    // Values are short (event types, brands, countries): a byte loop beats a subarray per row.
    for (let row = 0; row < length; row++) {
      let at = offsets[row];
      const stop = from[keys[row] + 1];
      if (at === offsets[row + 1]) continue;
      for (let i = from[keys[row]]; i < stop; i++) bytes[at++] = text[i];
    }
    return arrow.makeData({
      type: new arrow.Utf8(),
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? validityBitmap(validity!, length, make) : undefined,
      valueOffsets: offsets,
      data: bytes,
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
