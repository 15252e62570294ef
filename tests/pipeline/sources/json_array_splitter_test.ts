import assert from "node:assert/strict";
import { JsonArraySplitter } from "../../../pipeline/sources/json_array_splitter.ts";
import { split, splitAllWays } from "./splitter_fixture.ts";

const array = () => new JsonArraySplitter("reviews", "r.json");

Deno.test("JsonArraySplitter yields each element with its 0-based index and exact text", () => {
  const text =
    '[\n  {"id": "r1", "body": "a ] } , \\" tricky"},\n  {"id":"r2","n":{"x":[1,{"y":2}]}}\n]\n';
  assert.deepEqual(splitAllWays(array, text), [
    {
      position: "r.json:element 0",
      raw: '{"id": "r1", "body": "a ] } , \\" tricky"}',
      fields: { id: "r1", body: 'a ] } , " tricky' },
    },
    {
      position: "r.json:element 1",
      raw: '{"id":"r2","n":{"x":[1,{"y":2}]}}',
      fields: { id: "r2", n: { x: [1, { y: 2 }] } },
    },
  ]);
});

Deno.test("JsonArraySplitter quarantines non-object and invalid elements and goes on", () => {
  const rows = splitAllWays(array, '[{"a":1}, 5, {"b":}, "s", null, {"c":3},]');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["r.json:element 0", "ok", '{"a":1}'],
    ["r.json:element 1", "malformed_json", ""],
    ["r.json:element 2", "malformed_json", ""],
    ["r.json:element 3", "malformed_json", ""],
    ["r.json:element 4", "malformed_json", ""],
    ["r.json:element 5", "ok", '{"c":3}'],
  ]);
});

Deno.test("JsonArraySplitter quarantines an element truncated by the end of the file", () => {
  const rows = splitAllWays(array, '[{"a":1},\n {"b": "unfinished');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["r.json:element 0", "ok", '{"a":1}'],
    ["r.json:element 1", "malformed_json", ""],
  ]);
});

Deno.test("JsonArraySplitter reads an empty array and quarantines an empty element", () => {
  assert.deepEqual(split(array, " [ ] "), []);
  assert.deepEqual(split(array, "[{},,{}]").map((r) => r.reason ?? "ok"), [
    "ok",
    "malformed_json",
    "ok",
  ]);
});

Deno.test("JsonArraySplitter keeps numbering across concatenated arrays and quarantines stray text", () => {
  const rows = split(array, '[{"a":1}]\n[{"b":2}]\ngarbage here\n');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["r.json:element 0", "ok", '{"a":1}'],
    ["r.json:element 1", "ok", '{"b":2}'],
    ["r.json:element 2", "malformed_json", ""],
  ]);
});

Deno.test("JsonArraySplitter survives an unbalanced closing brace inside an element", () => {
  const rows = split(array, '[{"a":1}}, {"b":2}]');
  assert.deepEqual(rows.map((r) => r.reason ?? "ok"), ["malformed_json", "ok"]);
});
