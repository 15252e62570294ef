import assert from "node:assert/strict";
import { ColumnTable } from "../../server/column_table.ts";

Deno.test("ColumnTable round-trips numbers, strings, nulls and mixed values", () => {
  const rows = [
    { month: "2019-10", category: "books", turnover: 0.5, units: 3, extra: { a: 1 } },
    { month: "2019-11", category: "books", turnover: null, units: 0, extra: "text" },
    { month: "2019-12", category: null, turnover: 1.25, units: -2, extra: null },
  ];
  const table = ColumnTable.fromRows(rows);
  assert.equal(table.length, 3);
  assert.deepEqual(table.slice(), rows);
  assert.deepEqual(table.slice(1, 2), [rows[1]]);
  assert.equal(table.get(1, "turnover"), null);
  assert.equal(table.get(0, "nope"), undefined);
});

Deno.test("ColumnTable.lowerBound() finds the first row not before a value", () => {
  const minutes = [
    "2019-10-01T00:00:00.000Z",
    "2019-10-01T00:01:00.000Z",
    "2019-10-01T00:01:00.000Z",
    "2019-10-01T00:03:00.000Z",
  ];
  const table = ColumnTable.fromRows(minutes.map((minute) => ({ minute })));
  assert.equal(table.lowerBound("minute", "2019-10-01T00:00:00.000Z"), 0);
  assert.equal(table.lowerBound("minute", "2019-10-01T00:01:00.000Z"), 1);
  assert.equal(table.lowerBound("minute", "2019-10-01T00:02:00.000Z"), 3);
  assert.equal(table.lowerBound("minute", "2020-01-01T00:00:00.000Z"), 4);
});

Deno.test("ColumnTable reads a key missing from some rows back as null", () => {
  const table = ColumnTable.fromRows([{ a: 1 }, { a: 2, b: "x" }]);
  assert.deepEqual(table.slice(), [{ a: 1, b: null }, { a: 2, b: "x" }]);
});
