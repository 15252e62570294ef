import assert from "node:assert/strict";
import { DistinctStrings } from "../../operators/distinct_strings.ts";

/** Adds `values` and checks size and each `add()` result against a Set. */
function check(distinct: DistinctStrings, values: string[]): void {
  const expected = new Set<string>();
  for (const value of values) {
    assert.equal(distinct.add(value), !expected.has(value), `add(${value})`);
    expected.add(value);
  }
  assert.equal(distinct.size, expected.size);
}

Deno.test("DistinctStrings counts each value once, below and past the linear limit", () => {
  // Equal strings built apart are distinct objects: counted by content, not identity.
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i % 40}`.padEnd(8, "x"));
  for (const n of [0, 1, 15, 16, 17, 40, 200]) check(new DistinctStrings(), ids(n));
});

Deno.test("DistinctStrings.reset() empties it for reuse, also after a Set took over", () => {
  const distinct = new DistinctStrings();
  check(distinct, Array.from({ length: 30 }, (_, i) => `a${i}`));
  distinct.reset();
  assert.equal(distinct.size, 0);
  check(distinct, ["a1", "b", "a1", "c"]);
  distinct.reset();
  check(distinct, ["b", "a1"]); // stale slots from before are not counted
});
