/**
 * A numeric or timestamp column buffered in a typed array.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import { decimalData, float64Data, int32Data, int64Data, timestampData } from "./arrow_data.ts";
import { type ColumnBuffer, type ColumnParts, grownCapacity, wrongValue } from "./column_buffer.ts";
import { type FieldReader, fieldReader } from "./field_reader.ts";
import { type ColumnSpec, DECIMAL_PRECISION, MONEY_SCALE } from "./lake_schema.ts";
import { type ArrayMaker, NEW_ARRAYS } from "./scratch.ts";

/**
 * Buffers a `float64`, `int32`, `int64`, `timestamp`, `decimal` or `micros` column: `int32` in
 * an `Int32Array`, the others as doubles (int64 values and timestamps are safe integers in the
 * records; decimals are held scaled, as the integer amount × 10^scale).
 */
export class NumberColumn implements ColumnBuffer {
  readonly spec: ColumnSpec;
  #values: Float64Array | Int32Array;
  /** One byte per row, 0 for null; only for nullable columns. */
  #valid: Uint8Array | null;
  readonly #read: FieldReader;
  /** Reused across appends: the values of the current run. */
  readonly #run: unknown[] = [];
  /** 10^scale for a `decimal` column (its values are scaled on append), else 0. */
  readonly #factor: number;

  /** @param spec A numeric or timestamp column. */
  constructor(spec: ColumnSpec) {
    this.spec = spec;
    this.#read = fieldReader(spec.field);
    this.#values = spec.kind === "int32" ? new Int32Array(1024) : new Float64Array(1024);
    this.#valid = spec.nullable ? new Uint8Array(1024) : null;
    this.#factor = spec.kind === "decimal" ? 10 ** (spec.scale ?? MONEY_SCALE) : 0;
  }

  /** See {@linkcode ColumnBuffer.append}. */
  append(records: readonly object[], from: number, to: number, at: number): void {
    const count = to - from;
    this.#reserve(at + count);
    const run = this.#run;
    run.length = count;
    this.#read(records, from, to, run);
    const values = this.#values;
    const valid = this.#valid;
    const factor = this.#factor;
    const micros = this.spec.kind === "micros";
    for (let k = 0, row = at; k < count; k++, row++) {
      const value = run[k];
      if (typeof value === "number") {
        if (factor !== 0) {
          // The field holds the double nearest to a decimal with at most `scale` places, so
          // value × 10^scale lies within far less than 0.5 of that decimal's integer.
          const scaled = Math.round(value * factor);
          if (!Number.isSafeInteger(scaled)) throw wrongValue(this.spec, value, "an amount");
          values[row] = scaled;
        } else if (micros && !Number.isSafeInteger(value)) {
          throw wrongValue(this.spec, value, "integer millionths");
        } else values[row] = value;
        if (valid !== null) valid[row] = 1;
      } else if (value === null && valid !== null) {
        values[row] = 0;
        valid[row] = 0;
      } else {
        throw wrongValue(this.spec, value, "a number");
      }
    }
    run.length = 0;
  }

  /** See {@linkcode ColumnBuffer.toData}. */
  toData(length: number): arrow.Data {
    return NumberColumn.data(this.spec, this.parts(length), length);
  }

  /** See {@linkcode ColumnBuffer.parts}: values and validity (or `null`). */
  parts(length: number): ColumnParts {
    return {
      arrays: [
        this.#values.subarray(0, length),
        this.#valid === null ? null : this.#valid.subarray(0, length),
      ],
    };
  }

  /**
   * The Arrow data of {@linkcode NumberColumn.parts} for a column `spec`; converted arrays
   * (int64, decimal, validity bitmap) come from `make`.
   */
  static data(
    spec: ColumnSpec,
    parts: ColumnParts,
    length: number,
    make: ArrayMaker = NEW_ARRAYS,
  ): arrow.Data {
    const [values, valid] = parts.arrays as [Float64Array | Int32Array, Uint8Array | null];
    switch (spec.kind) {
      case "int32":
        return int32Data(values as Int32Array, valid, length, make);
      case "int64":
        return int64Data(values as Float64Array, valid, length, make);
      case "timestamp":
        return timestampData(values as Float64Array, valid, length, make);
      case "decimal":
      case "micros":
        return decimalData(
          values as Float64Array,
          valid,
          length,
          DECIMAL_PRECISION,
          spec.kind === "micros" ? 6 : spec.scale ?? MONEY_SCALE,
          make,
        );
      default:
        return float64Data(values as Float64Array, valid, length, make);
    }
  }

  /** Nothing to forget: rows are overwritten from index 0. */
  clear(): void {}

  #reserve(rows: number): void {
    if (rows <= this.#values.length) return;
    const capacity = grownCapacity(this.#values.length, rows);
    const values = this.spec.kind === "int32"
      ? new Int32Array(capacity)
      : new Float64Array(capacity);
    values.set(this.#values);
    this.#values = values;
    if (this.#valid !== null) {
      const valid = new Uint8Array(capacity);
      valid.set(this.#valid);
      this.#valid = valid;
    }
  }
}
