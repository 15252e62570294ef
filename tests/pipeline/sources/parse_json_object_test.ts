import assert from "node:assert/strict";
import { parseJsonObject } from "../../../pipeline/sources/parse_json_object.ts";

Deno.test("parseJsonObject() keeps numbers a double cannot hold as their text, at any depth", () => {
  assert.deepEqual(
    parseJsonObject('{"u":12345678901234567890,"v":[1e400,-9007199254740993],"q":2.5,"n":7}'),
    { u: "12345678901234567890", v: ["1e400", "-9007199254740993"], q: 2.5, n: 7 },
  );
  assert.deepEqual(parseJsonObject('{"__proto__":{"id":9007199254740993}}'), {
    ["__proto__"]: { id: "9007199254740993" },
  });
  for (const text of ["[1]", "1", "null", '"x"', "{", ""]) {
    assert.equal(parseJsonObject(text), null);
  }
});

Deno.test("parseJsonObject() refuses, never throws on, a deep record holding such a number", () => {
  // Read again with a reviver, which recurses: 100,000 levels overflowed the stack (uncaught).
  const depth = 100_000;
  const deep = (number: string) =>
    '{"user_id":' + '{"a":'.repeat(depth) + number + "}".repeat(depth) + "}";
  assert.equal(parseJsonObject(deep("1e400")), null);
  assert.equal(typeof parseJsonObject(deep("1")), "object"); // exact numbers: read as ever
});
