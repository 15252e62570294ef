import assert from "node:assert/strict";
import { ReportColumns } from "../../../pipeline/lake/report_columns.ts";

const SCHEMA = [
  { name: "minute", type: "minute" },
  { name: "name", type: "string" },
  { name: "n", type: "int" },
] as const;

Deno.test("ReportColumns keeps the rows before a bad value and names the first one in row order", () => {
  const columns = new ReportColumns(SCHEMA);
  columns.append([{ minute: 0, name: "a", n: 1 }], 0, 1);
  const rows = [
    { minute: 60_000, name: "b", n: 2 },
    { minute: 120_000, name: 5, n: 2.5 }, // "name" comes before "n"
    { minute: "late", name: "c", n: 3 },
  ];
  assert.throws(
    () => columns.append(rows, 0, rows.length),
    new TypeError('Report column "name" needs a string, got 5'),
  );
  assert.equal(columns.length, 2);
  const [minutes, names] = columns.parts();
  assert.deepEqual([...minutes.arrays[0]!], [0, 60_000]);
  assert.deepEqual([...names.arrays[0]!], [0, 1]);
  assert.deepEqual(names.strings, ["a", "b"]);
});

Deno.test("ReportColumns rejects a minute or timestamp a Date cannot hold", () => {
  const columns = new ReportColumns([{ name: "at", type: "timestamp" }]);
  assert.throws(
    () => columns.append([{ at: 9e15 }], 0, 1),
    /"at" needs a timestamp, got 9000000000000000/,
  );
  assert.throws(() => columns.append([{ at: "never" }], 0, 1), /"at" needs a timestamp/);
  assert.equal(columns.length, 0);
});

Deno.test("ReportColumns grows past its first arrays and starts afresh after clear", () => {
  const columns = new ReportColumns(SCHEMA);
  const rows = Array.from(
    { length: 5000 },
    (_, i) => ({ minute: i * 60_000, name: `u${i % 3}`, n: i }),
  );
  columns.append(rows, 0, rows.length);
  const [minutes, names, n] = columns.parts();
  assert.equal(minutes.arrays[0]!.length, 5000);
  assert.equal(n.arrays[0]![4999], 4999);
  assert.deepEqual(names.strings, ["u0", "u1", "u2"]);
  columns.clear();
  columns.append([{ name: "z" }], 0, 1);
  assert.deepEqual(columns.parts()[1].strings, ["z"]);
  assert.deepEqual([...columns.parts()[2].arrays[1]!], [0]); // "n" is null
});
