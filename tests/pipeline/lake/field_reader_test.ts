import assert from "node:assert/strict";
import { fieldReader } from "../../../pipeline/lake/field_reader.ts";

Deno.test("fieldReader() copies one field of a run of records, missing ones as undefined", () => {
  const records = [{ a: 1, b: "x" }, { a: null, b: "y" }, { b: "z" }, { a: 4 }];
  const out: unknown[] = ["stale", "stale", "stale"];
  fieldReader("a")(records, 1, 4, out);
  assert.deepEqual(out, [null, undefined, 4]);
});

Deno.test("fieldReader() reads any property name as data, never as code", () => {
  const name = `x"]; throw new Error("injected"); //`;
  const out: unknown[] = [];
  fieldReader(name)([{ [name]: "safe" }], 0, 1, out);
  assert.deepEqual(out, ["safe"]);
});
