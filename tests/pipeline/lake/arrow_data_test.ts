import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import {
  float64Data,
  int32Data,
  int64Data,
  timestampData,
  utf8Data,
  validityBitmap,
} from "../../../pipeline/lake/arrow_data.ts";

const values = (data: arrow.Data) => [...arrow.makeVector(data)];

Deno.test("utf8Data() keeps ASCII, multi-byte text, surrogate pairs and nulls", () => {
  const strings = ["plain", null, "été", "", "☕ and 👍", null, "z"];
  const data = utf8Data(strings, strings.length);
  assert.equal(data.nullCount, 2);
  assert.deepEqual(values(data), strings);
  assert.deepEqual(values(utf8Data(["a", "b", null], 3)), ["a", "b", null]);
});

Deno.test("utf8Data() reads only the first `length` values of a longer buffer", () => {
  assert.deepEqual(values(utf8Data(["a", "bé", "left over"], 2)), ["a", "bé"]);
});

Deno.test("timestampData() and int64Data() convert every safe integer exactly", () => {
  const samples = [
    0,
    -1,
    1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 32 + 5,
    -(2 ** 32) - 5,
    Date.UTC(2019, 9, 1, 12, 30),
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
  ];
  const expected = samples.map((ms) => BigInt(ms));
  const millis = Float64Array.from(samples);
  assert.deepEqual([...timestampData(millis, null, samples.length).values], expected);
  assert.deepEqual([...int64Data(millis, null, samples.length).values], expected);
});

Deno.test("number builders mark the rows whose validity byte is 0 as null", () => {
  const valid = Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 1, 0]);
  assert.deepEqual([...validityBitmap(valid, 9)], [0b11101101, 0b0]);
  const floats = float64Data(Float64Array.from([1.5, 0, 2.5, 3, 0, 4, 5, 6, 0]), valid, 9);
  assert.deepEqual(values(floats), [1.5, null, 2.5, 3, null, 4, 5, 6, null]);
  const ints = int32Data(Int32Array.from([7, 0, 8]), Uint8Array.from([1, 0, 1]), 3);
  assert.deepEqual(values(ints), [7, null, 8]);
  const times = timestampData(Float64Array.from([5, 0]), Uint8Array.from([1, 0]), 2);
  assert.equal(times.nullCount, 1);
  assert.equal(int32Data(Int32Array.from([1, 2]), null, 2).nullBitmap.length, 0);
});
