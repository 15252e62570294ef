import assert from "node:assert/strict";
import { NdjsonSplitter } from "../../../pipeline/sources/ndjson_splitter.ts";
import { split, splitAllWays } from "./splitter_fixture.ts";

const ndjson = () => new NdjsonSplitter("transactions", "t.ndjson");

Deno.test("NdjsonSplitter parses each non-blank line as one object, with its line number", () => {
  const text = '{"a":1}\r\n\n  \n{"b":"x\\ny"}\n{"c":[1,2]}';
  assert.deepEqual(splitAllWays(ndjson, text), [
    { position: "t.ndjson:line 1", raw: '{"a":1}', fields: { a: 1 } },
    { position: "t.ndjson:line 4", raw: '{"b":"x\\ny"}', fields: { b: "x\ny" } },
    { position: "t.ndjson:line 5", raw: '{"c":[1,2]}', fields: { c: [1, 2] } },
  ]);
});

Deno.test("NdjsonSplitter quarantines lines that are not JSON objects as malformed_json", () => {
  const rows = splitAllWays(ndjson, '{"a":1\n[1]\n"text"\nnull\n42\n{"ok":true}\n');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["t.ndjson:line 1", "malformed_json", ""],
    ["t.ndjson:line 2", "malformed_json", ""],
    ["t.ndjson:line 3", "malformed_json", ""],
    ["t.ndjson:line 4", "malformed_json", ""],
    ["t.ndjson:line 5", "malformed_json", ""],
    ["t.ndjson:line 6", "ok", '{"ok":true}'],
  ]);
});

Deno.test("NdjsonSplitter quarantines a truncated last line", () => {
  assert.deepEqual(split(ndjson, '{"a":1}\n{"b":').map((r) => r.reason ?? "ok"), [
    "ok",
    "malformed_json",
  ]);
});
