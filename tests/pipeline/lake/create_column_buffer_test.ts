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
  const data = column.toData(values.length, 0);
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
  assert.deepEqual(read(column.toData(many.length, 0)), many);
  column.clear();
  column.append(rows("after"), 0, 1, 0);
  assert.deepEqual(read(column.toData(1, 0)), ["after"]);
});

Deno.test("A utf8 column overwrites what an append that threw had left behind", () => {
  const column = createColumnBuffer(spec("utf8", false));
  column.append(rows("a"), 0, 1, 0);
  assert.throws(() => column.append(rows("bbbbbb", null), 0, 2, 1), TypeError);
  column.append(rows("c"), 0, 1, 1);
  assert.deepEqual(read(column.toData(2, 0)), ["a", "c"]);
});

Deno.test("A dict column numbers distinct values in order of first appearance", () => {
  const column = createColumnBuffer(spec("dict"));
  column.append(rows("view", "cart", null, "view", "purchase"), 0, 5, 0);
  const data = column.toData(5, 3);
  assert.deepEqual(read(data), ["view", "cart", null, "view", "purchase"]);
  assert.deepEqual([...data.values], [0, 1, 0, 0, 2]);
  assert.equal((data.type as arrow.Dictionary).id, 3);
  assert.deepEqual([...data.dictionary!], ["view", "cart", "purchase"]);
  column.clear();
  column.append(rows("purchase"), 0, 1, 0);
  assert.deepEqual([...column.toData(1, 3).dictionary!], ["purchase"]);
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
    assert.deepEqual(read(column.toData(3, 0)), expected, kind);
  }
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
