/**
 * A string column buffered as UTF-8 bytes plus Arrow offsets.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { countNulls, validityBitmap } from "./arrow_data.ts";
import { type ColumnBuffer, type ColumnParts, grownCapacity, wrongValue } from "./column_buffer.ts";
import { type FieldReader, fieldReader } from "./field_reader.ts";
import type { ColumnSpec } from "./lake_schema.ts";
import { type ArrayMaker, NEW_ARRAYS } from "./scratch.ts";

const encoder = new TextEncoder();

/**
 * Buffers a `utf8` column. Each append joins the run's strings and encodes them with one
 * `encodeInto`: several times faster than encoding string by string. When the text is all
 * ASCII, bytes equal UTF-16 units, so offsets follow from `string.length`; otherwise each
 * string is encoded on its own.
 */
export class StringColumn implements ColumnBuffer {
  readonly spec: ColumnSpec;
  #bytes = new Uint8Array(1 << 16);
  /** `offsets[row]` is where row `row` starts; `offsets[0]` stays 0. */
  #offsets = new Int32Array(1025);
  #valid: Uint8Array | null;
  /** Reused across appends: the strings of the current run. */
  readonly #run: string[] = [];
  readonly #read: FieldReader;

  /** @param spec A `utf8` column. */
  constructor(spec: ColumnSpec) {
    this.spec = spec;
    this.#read = fieldReader(spec.field);
    this.#valid = spec.nullable ? new Uint8Array(1024) : null;
  }

  /** See {@linkcode ColumnBuffer.append}. */
  append(records: readonly object[], from: number, to: number, at: number): void {
    const nullable = this.spec.nullable;
    const count = to - from;
    this.#reserveRows(at + count);
    const run = this.#run;
    run.length = count;
    this.#read(records, from, to, run);
    // `join` writes null (and undefined) as "": a null row adds no bytes. Values are checked
    // in the loop that sets the offsets, after the encoding: an append that throws leaves rows
    // that the next append overwrites (it starts from the offset of row `at`).
    const text = run.join("");
    const offsets = this.#offsets;
    const start = offsets[at];
    this.#reserveBytes(start + text.length);
    const ascii = encoder.encodeInto(text, this.#bytes.subarray(start));
    const valid = this.#valid;
    let end = start;
    if (ascii.read === text.length && ascii.written === text.length) {
      for (let k = 0, row = at; k < count; k++, row++) {
        const value: unknown = run[k];
        if (typeof value === "string") {
          end += value.length;
          if (valid !== null) valid[row] = 1;
        } else if (value === null && nullable) {
          valid![row] = 0;
        } else {
          throw wrongValue(this.spec, value, "a string");
        }
        offsets[row + 1] = end;
      }
    } else {
      // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
      this.#reserveBytes(start + text.length * 3);
      const bytes = this.#bytes;
      for (let k = 0, row = at; k < count; k++, row++) {
        const value: unknown = run[k];
        if (typeof value === "string") {
          end += encoder.encodeInto(value, bytes.subarray(end)).written;
          if (valid !== null) valid[row] = 1;
        } else if (value === null && nullable) {
          valid![row] = 0;
        } else {
          throw wrongValue(this.spec, value, "a string");
        }
        offsets[row + 1] = end;
      }
    }
    run.length = 0; // drop the references: the records may be collected
  }

  /** See {@linkcode ColumnBuffer.toData}. */
  toData(length: number): arrow.Data<arrow.Utf8> {
    return StringColumn.data(this.parts(length), length);
  }

  /** See {@linkcode ColumnBuffer.parts}: offsets, UTF-8 bytes, validity (or `null`). */
  parts(length: number): ColumnParts {
    return {
      arrays: [
        this.#offsets.subarray(0, length + 1),
        this.#bytes.subarray(0, this.#offsets[length]),
        this.#valid === null ? null : this.#valid.subarray(0, length),
      ],
    };
  }

  /** The Arrow data of {@linkcode StringColumn.parts}; its validity bitmap comes from `make`. */
  static data(
    parts: ColumnParts,
    length: number,
    make: ArrayMaker = NEW_ARRAYS,
  ): arrow.Data<arrow.Utf8> {
    const [offsets, bytes, valid] = parts.arrays as [Int32Array, Uint8Array, Uint8Array | null];
    const nullCount = valid === null ? 0 : countNulls(valid, length);
    return arrow.makeData({
      type: new arrow.Utf8(),
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
      valueOffsets: offsets,
      data: bytes,
    });
  }

  /** Nothing to forget: rows are overwritten from row 0. */
  clear(): void {}

  #reserveRows(rows: number): void {
    if (rows + 1 > this.#offsets.length) {
      const offsets = new Int32Array(grownCapacity(this.#offsets.length, rows + 1));
      offsets.set(this.#offsets);
      this.#offsets = offsets;
    }
    if (this.#valid !== null && rows > this.#valid.length) {
      const valid = new Uint8Array(grownCapacity(this.#valid.length, rows));
      valid.set(this.#valid);
      this.#valid = valid;
    }
  }

  #reserveBytes(bytes: number): void {
    if (bytes <= this.#bytes.length) return;
    if (bytes > 0x7fffffff) {
      throw new RangeError(`Lake column "${this.spec.name}" exceeds 2 GiB in one part file`);
    }
    const grown = new Uint8Array(Math.min(grownCapacity(this.#bytes.length, bytes), 0x7fffffff));
    grown.set(this.#bytes);
    this.#bytes = grown;
  }
}
