import assert from "node:assert/strict";
import { findCodeRefs } from "../../../docs/tools/find_code_refs.ts";

const FENCE = "```";

Deno.test("findCodeRefs() gives a reference the fenced block after its line as excerpt", () => {
  const doc = [
    "How the watermark moves, `operators/watermark.ts:L70-L72`:",
    "",
    `${FENCE}ts`,
    "  function stamp(batch: AnyBatch): AnyBatch {",
    "    const table = batch.table;",
    FENCE,
  ].join("\n");
  const [ref] = findCodeRefs(doc);
  assert.deepEqual(ref, {
    path: "operators/watermark.ts",
    start: 70,
    end: 72,
    docLine: 1,
    column: 26,
    text: "operators/watermark.ts:L70-L72",
    excerpt: ["  function stamp(batch: AnyBatch): AnyBatch {", "    const table = batch.table;"],
  });
});

Deno.test("findCodeRefs() reads a single line reference and leaves running text without excerpt", () => {
  const refs = findCodeRefs("See main.ts:L12 and pipeline/replay.ts:L1-L3.\nNo code follows.\n");
  assert.deepEqual(refs.map((r) => [r.path, r.start, r.end, r.excerpt]), [
    ["main.ts", 12, 12, null],
    ["pipeline/replay.ts", 1, 3, null],
  ]);
});

Deno.test("findCodeRefs() gives the excerpt only to the last reference of a line", () => {
  const doc = `a.ts:L1-L2 then b.ts:L3-L4\n${FENCE}\nx\n${FENCE}\n`;
  const refs = findCodeRefs(doc);
  assert.equal(refs[0].excerpt, null);
  assert.deepEqual(refs[1].excerpt, ["x"]);
});

Deno.test("findCodeRefs() ignores code blocks, URLs and names without a path", () => {
  const doc = [
    `${FENCE}sql`,
    "SELECT 'x.ts:L1-L2'",
    FENCE,
    "At 12:L5 nothing is referenced, nor in https://example.com/a.ts:L1; but in lib/c.ts:L2.",
    "~~~",
    "lib/b.ts:L9",
    "~~~",
  ].join("\n");
  assert.deepEqual(findCodeRefs(doc).map((r) => r.text), ["lib/c.ts:L2"]);
});

Deno.test("findCodeRefs() does not give a block that follows other text as excerpt", () => {
  const doc = `ref a.ts:L1-L2\nsome words\n${FENCE}\nx\n${FENCE}\n`;
  assert.equal(findCodeRefs(doc)[0].excerpt, null);
});
