import assert from "node:assert/strict";
import { excerptIn, excerptRuns, locateExcerpt } from "../../../docs/tools/match_excerpt.ts";

const FILE = [
  "/** Doc. */", // 1
  "export function f(x: number): number {", // 2
  "  if (x > 0) {", // 3
  "    return x;", // 4
  "  }", // 5
  "  return -x;", // 6
  "}", // 7
  "", // 8
  "export function g(): void {}", // 9
];

Deno.test("excerptIn() accepts the exact lines and any range that contains them, trimmed", () => {
  const excerpt = ["if (x > 0) {", "  return x;", "}"];
  assert.equal(excerptIn(FILE, excerpt, { start: 3, end: 5 }), true);
  assert.equal(excerptIn(FILE, excerpt, { start: 2, end: 7 }), true);
});

Deno.test("excerptIn() rejects a range that holds only part of the excerpt", () => {
  const excerpt = ["if (x > 0) {", "  return x;", "}"];
  assert.equal(excerptIn(FILE, excerpt, { start: 4, end: 7 }), false);
  assert.equal(excerptIn(FILE, excerpt, { start: 3, end: 4 }), false);
  assert.equal(excerptIn(FILE, ["return x + 1;"], { start: 1, end: 9 }), false);
});

Deno.test("excerptIn() lets a // ... line stand for skipped lines, in order", () => {
  const excerpt = ["export function f(x: number): number {", "// ...", "return -x;", "}"];
  assert.equal(excerptIn(FILE, excerpt, { start: 2, end: 7 }), true);
  const reversed = ["return -x;", "// ...", "export function f(x: number): number {"];
  assert.equal(excerptIn(FILE, reversed, { start: 1, end: 9 }), false);
});

Deno.test("excerptRuns() drops blank lines at the ends of an excerpt and of each part", () => {
  assert.deepEqual(excerptRuns(["", "  a", "", "  b  ", "// …", "", "c", ""]), [["a", "", "b"], [
    "c",
  ]]);
  assert.deepEqual(excerptRuns(["", "  "]), []);
});

Deno.test("locateExcerpt() finds moved lines, preferring the occurrence nearest the old place", () => {
  const lines = ["a", "}", "b", "x", "}", "c", "}"];
  assert.deepEqual(locateExcerpt(lines, ["}"], 6), { start: 5, end: 5 });
  assert.deepEqual(locateExcerpt(lines, ["}"], 1), { start: 2, end: 2 });
  assert.deepEqual(locateExcerpt(FILE, ["if (x > 0) {", "// ...", "return -x;"], 1), {
    start: 3,
    end: 6,
  });
  assert.equal(locateExcerpt(FILE, ["return x * 2;"], 4), null);
});
