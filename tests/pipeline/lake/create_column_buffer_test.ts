import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { createColumnBuffer } from "../../../pipeline/lake/create_column_buffer.ts";
import type { ColumnKind, ColumnSpec } from "../../../pipeline/lake/lake_schema.ts";

const spec = (kind: ColumnKind, nullable = true): ColumnSpec => ({
  name: "v_col",
  field: "v",
  kind,
  nullable,
});
const rows = (...values: unknown[]) => values.map((v) => ({ v }));
const read = (data: arrow.Data) => [...arrow.makeVector(data)];

Deno.test("A utf8 column keeps ASCII, multi-byte text, surrogate pairs and nulls across appends", () => {
  const column = createColumnBuffer(spec("utf8"));
  const values = ["plain", null, "été", "", "☕ and 👍", null, "z", "ascii again"];
  column.append(rows(...values.slice(0, 3)), 0, 3, 0);
  column.append(rows(...values.slice(3)), 0, 5, 3);
  const data = column.toData(values.length);
  assert.equal(data.nullCount, 2);
  assert.deepEqual(read(data), values);
});

Deno.test("A column buffer grows past its initial capacity and starts over after clear()", () => {
  const column = createColumnBuffer(spec("utf8", false));
  const many = Array.from({ length: 5000 }, (_, i) => `id-${i}-${"x".repeat(i % 40)}`);
  for (let at = 0; at < many.length; at += 700) {
    const run = many.slice(at, at + 700);
    column.append(rows(...run), 0, run.length, at);
  }
  assert.deepEqual(read(column.toData(many.length)), many);
  column.clear();
  column.append(rows("after"), 0, 1, 0);
  assert.deepEqual(read(column.toData(1)), ["after"]);
});

Deno.test("A utf8 column overwrites what an append that threw had left behind", () => {
  const column = createColumnBuffer(spec("utf8", false));
  column.append(rows("a"), 0, 1, 0);
  assert.throws(() => column.append(rows("bbbbbb", null), 0, 2, 1), TypeError);
  column.append(rows("c"), 0, 1, 1);
  assert.deepEqual(read(column.toData(2)), ["a", "c"]);
});

Deno.test("A dict column hands over plain strings, nulls kept, and starts over after clear()", () => {
  const column = createColumnBuffer(spec("dict"));
  column.append(rows("view", "cart", null, "view", "été"), 0, 5, 0);
  const data = column.toData(5);
  // Plain Utf8 (Parquet still dictionary-encodes the pages): readers see a string column.
  assert.ok(data.type instanceof arrow.Utf8);
  assert.equal(data.nullCount, 1);
  assert.deepEqual(read(data), ["view", "cart", null, "view", "été"]);
  column.clear();
  column.append(rows("purchase"), 0, 1, 0);
  assert.deepEqual(read(column.toData(1)), ["purchase"]);
});

Deno.test("Number columns store int32, int64, float64 and timestamps with nulls", () => {
  const cases: [ColumnKind, unknown[], unknown[]][] = [
    ["int32", [1, null, -7], [1, null, -7]],
    ["int64", [2 ** 40, null, -1], [2n ** 40n, null, -1n]],
    ["float64", [1.5, null, -0.25], [1.5, null, -0.25]],
    ["timestamp", [Date.UTC(2019, 9, 1), null, -1], [Date.UTC(2019, 9, 1), null, -1]],
  ];
  for (const [kind, input, expected] of cases) {
    const column = createColumnBuffer(spec(kind));
    column.append(rows(...input), 0, 3, 0);
    assert.deepEqual(read(column.toData(3)), expected, kind);
  }
});

Deno.test("Money columns hold exact scaled integers as 128-bit Arrow decimals", () => {
  const cases: [ColumnSpec, unknown[]][] = [
    [{ ...spec("decimal"), scale: 6 }, [2.55, null, -0.001, 1299.999999]],
    [spec("micros"), [2_550_000, null, -1000, 1_299_999_999]],
    [{ ...spec("decimal"), scale: 2 }, [0.0255e2, null, -0.001e1, 1299.99]],
  ];
  const expected = [
    [2_550_000n, -1000n, 1_299_999_999n],
    [2_550_000n, -1000n, 1_299_999_999n],
    [255n, -1n, 129_999n],
  ];
  cases.forEach(([columnSpec, input], c) => {
    const column = createColumnBuffer(columnSpec);
    column.append(rows(...input), 0, 4, 0);
    const data = column.toData(4);
    const type = data.type as arrow.Decimal;
    assert.deepEqual([type.precision, type.scale], [18, c === 2 ? 2 : 6]);
    assert.equal(data.nullCount, 1);
    // Little-endian 128-bit two's complement: low 64 bits, then the sign extension.
    const words = new BigInt64Array(data.values.buffer, data.values.byteOffset, 8);
    assert.deepEqual([0, 2, 3].map((row) => words[2 * row]), expected[c]);
    assert.deepEqual([0, 2, 3].map((row) => words[2 * row + 1]), [0n, -1n, 0n]);
  });
  assert.throws(
    () => createColumnBuffer(spec("micros")).append(rows(1.5), 0, 1, 0),
    /needs integer millionths or null, got 1.5/,
  );
});

Deno.test("A column rejects a value of the wrong type, and null where it is not nullable", () => {
  assert.throws(
    () => createColumnBuffer(spec("float64")).append(rows("1.5"), 0, 1, 0),
    new TypeError('Lake column "v_col" (field "v") needs a number or null, got 1.5'),
  );
  assert.throws(
    () => createColumnBuffer(spec("dict", false)).append(rows(null), 0, 1, 0),
    new TypeError('Lake column "v_col" (field "v") needs a string, got null'),
  );
  assert.throws(
    () => createColumnBuffer(spec("int32", false)).append(rows(undefined), 0, 1, 0),
    /needs a number, got undefined/,
  );
});
