/**
 * Builders of Arrow column data from typed arrays and string arrays, never from row objects.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { type ArrayMaker, NEW_ARRAYS } from "./scratch.ts";

const encoder = new TextEncoder();

/**
 * Packs a validity flag per row (1 = value present) into an Arrow validity bitmap.
 *
 * @param valid One byte per row, 0 for null.
 * @param length Number of rows.
 * @param make Where the bitmap's array comes from.
 * @returns The bitmap, least significant bit first.
 */
export function validityBitmap(
  valid: Uint8Array,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): Uint8Array {
  const bitmap = make.bytes((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (valid[i] !== 0) bitmap[i >> 3] |= 1 << (i & 7);
  }
  return bitmap;
}

function stringValidity(values: readonly (string | null)[], length: number): Uint8Array {
  const bitmap = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (values[i] !== null) bitmap[i >> 3] |= 1 << (i & 7);
  }
  return bitmap;
}

/**
 * Builds a UTF-8 string column from an array of strings (used for dictionaries; buffered
 * columns use `StringColumn`, which encodes as rows arrive).
 *
 * Why `join`: one native join plus one `encodeInto` of the whole text is several times faster
 * than encoding string by string. When every character is ASCII, bytes equal UTF-16 units, so
 * the offsets follow from `string.length`; otherwise each string is encoded separately.
 *
 * @param values The strings of rows `0 … length-1`; `null` for a missing value.
 * @param length Number of rows.
 * @returns Arrow `Utf8` data.
 * @example
 * ```ts
 * const data = utf8Data(["a", null, "été"], 3); // data.nullCount === 1
 * ```
 */
export function utf8Data(
  values: readonly (string | null)[],
  length: number,
): arrow.Data<arrow.Utf8> {
  const offsets = new Int32Array(length + 1);
  let nullCount = 0;
  const text = length === values.length ? values.join("") : values.slice(0, length).join("");
  let bytes = new Uint8Array(text.length);
  const ascii = encoder.encodeInto(text, bytes);
  if (ascii.read === text.length && ascii.written === text.length) {
    let end = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value === null) nullCount++;
      else end += value.length;
      offsets[i + 1] = end;
    }
  } else {
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
    bytes = new Uint8Array(text.length * 3);
    let end = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value === null) nullCount++;
      else end += encoder.encodeInto(value, bytes.subarray(end)).written;
      offsets[i + 1] = end;
    }
    bytes = bytes.slice(0, end);
  }
  const nullBitmap = nullCount > 0 ? stringValidity(values, length) : undefined;
  return arrow.makeData({
    type: new arrow.Utf8(),
    length,
    nullCount,
    nullBitmap,
    valueOffsets: offsets,
    data: bytes,
  });
}

/**
 * Builds a `Float64` column from a typed array.
 *
 * @param values Row values; entries of null rows are ignored.
 * @param valid One byte per row (0 = null), or `null` when the column has no nulls.
 * @param length Number of rows.
 * @param make Where the validity bitmap comes from.
 */
export function float64Data(
  values: Float64Array,
  valid: Uint8Array | null,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data<arrow.Float64> {
  const nullCount = valid === null ? 0 : countNulls(valid, length);
  return arrow.makeData({
    type: new arrow.Float64(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
    data: values.subarray(0, length),
  });
}

/**
 * Builds an `Int32` column from a typed array.
 *
 * @param values Row values; entries of null rows are ignored.
 * @param valid One byte per row (0 = null), or `null` when the column has no nulls.
 * @param length Number of rows.
 * @param make Where the validity bitmap comes from.
 */
export function int32Data(
  values: Int32Array,
  valid: Uint8Array | null,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data<arrow.Int32> {
  const nullCount = valid === null ? 0 : countNulls(valid, length);
  return arrow.makeData({
    type: new arrow.Int32(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
    data: values.subarray(0, length),
  });
}

/**
 * Builds a `Timestamp(ms, UTC)` column from milliseconds held in a `Float64Array`.
 *
 * @param millis Milliseconds since the epoch, integral.
 * @param valid One byte per row (0 = null), or `null` when the column has no nulls.
 * @param length Number of rows.
 * @param make Where the converted arrays come from.
 */
export function timestampData(
  millis: Float64Array,
  valid: Uint8Array | null,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data<arrow.TimestampMillisecond> {
  const nullCount = valid === null ? 0 : countNulls(valid, length);
  return arrow.makeData({
    type: new arrow.TimestampMillisecond("UTC"),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
    data: toInt64(millis, length, make),
  });
}

/**
 * Builds an `Int64` column from safe integers held in a `Float64Array`.
 *
 * @param values Integral row values; entries of null rows are ignored.
 * @param valid One byte per row (0 = null), or `null` when the column has no nulls.
 * @param length Number of rows.
 * @param make Where the converted arrays come from.
 */
export function int64Data(
  values: Float64Array,
  valid: Uint8Array | null,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data<arrow.Int64> {
  const nullCount = valid === null ? 0 : countNulls(valid, length);
  return arrow.makeData({
    type: new arrow.Int64(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
    data: toInt64(values, length, make),
  });
}

/**
 * Builds a `Decimal128(precision, scale)` column from scaled integers (the amount × 10^scale)
 * held in a `Float64Array`: Arrow JS stores each value as 128-bit little-endian two's
 * complement, which parquet-wasm writes as Parquet `DECIMAL(precision, scale)` on INT64.
 *
 * @param scaled Integral row values, |value| ≤ 2^53; entries of null rows are ignored.
 * @param valid One byte per row (0 = null), or `null` when the column has no nulls.
 * @param length Number of rows.
 * @param precision Total digits, at most 18.
 * @param scale Digits after the decimal point.
 * @param make Where the converted arrays come from.
 * @example
 * ```ts
 * const data = decimalData(new Float64Array([2_550_000]), null, 1, 18, 6); // 2.550000
 * ```
 */
export function decimalData(
  scaled: Float64Array,
  valid: Uint8Array | null,
  length: number,
  precision: number,
  scale: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data<arrow.Decimal> {
  const nullCount = valid === null ? 0 : countNulls(valid, length);
  const words = make.int32(length * 4);
  for (let i = 0; i < length; i++) {
    const value = scaled[i];
    const high = Math.floor(value / 4294967296);
    words[4 * i] = value % 4294967296;
    words[4 * i + 1] = high;
    // Sign extension of the 64-bit value into the upper 64 bits.
    const sign = high < 0 ? -1 : 0;
    words[4 * i + 2] = sign;
    words[4 * i + 3] = sign;
  }
  return arrow.makeData({
    type: new arrow.Decimal(scale, precision, 128),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validityBitmap(valid!, length, make) : undefined,
    data: new Uint32Array(words.buffer, words.byteOffset, words.length),
  });
}

/**
 * Converts integral doubles to int64. Why not `BigInt(value)`: writing the low and high 32-bit
 * halves through an `Int32Array` view avoids allocating a BigInt per row.
 */
function toInt64(values: Float64Array, length: number, make: ArrayMaker): BigInt64Array {
  const int64 = make.bigInt64(length);
  const halves = new Int32Array(int64.buffer, int64.byteOffset, length * 2);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    // Little-endian int64: low half first. ToInt32 keeps the low 32 bits, also for negatives.
    halves[2 * i] = value % 4294967296;
    halves[2 * i + 1] = Math.floor(value / 4294967296);
  }
  return int64;
}

/** Number of zero bytes among the first `length` validity flags. */
export function countNulls(valid: Uint8Array, length: number): number {
  let nulls = 0;
  for (let i = 0; i < length; i++) nulls += valid[i] === 0 ? 1 : 0;
  return nulls;
}
