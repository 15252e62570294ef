import assert from "node:assert/strict";
import { checkCodeRefs, docFiles, syncCodeRefs } from "../../../docs/tools/code_refs.ts";
import { fileTempDir } from "../../temp_dir.ts";

const FENCE = "```";

/** A throwaway repository with one source file and one document, removed after the file's tests. */
function fixture(source: string[], doc: string[]): string {
  const root = fileTempDir({ prefix: "code_refs_test_" });
  Deno.mkdirSync(`${root}/docs`);
  Deno.mkdirSync(`${root}/src`);
  Deno.writeTextFileSync(`${root}/src/a.ts`, source.join("\n") + "\n");
  Deno.writeTextFileSync(`${root}/docs/GUIDE.md`, doc.join("\n") + "\n");
  return root;
}

const SOURCE = ["// header", "export const one = 1;", "export const two = 2;"];

Deno.test("checkCodeRefs() passes a reference whose lines hold its excerpt", () => {
  const root = fixture(SOURCE, ["`src/a.ts:L2-L3`", "", `${FENCE}ts`, ...SOURCE.slice(1), FENCE]);
  assert.deepEqual(checkCodeRefs(root), []);
});

Deno.test("checkCodeRefs() reports a stale reference, a missing file and a gone excerpt", () => {
  const root = fixture(SOURCE, [
    "`src/a.ts:L1-L2`",
    `${FENCE}ts`,
    "export const two = 2;",
    FENCE,
    "`src/gone.ts:L1-L1`",
    `${FENCE}ts`,
    "x",
    FENCE,
    "`src/a.ts:L3`",
    `${FENCE}ts`,
    "export const three = 3;",
    FENCE,
    "In passing, src/a.ts:L2-L9 is out of range.",
  ]);
  const messages = checkCodeRefs(root).map((p) => `${p.doc}:${p.ref.docLine} ${p.message}`);
  assert.equal(messages.length, 4, messages.join("\n"));
  assert.match(messages[0], /^docs\/GUIDE\.md:1 src\/a\.ts:L1-L2 does not hold .* now at L3-L3/);
  assert.match(messages[1], /^docs\/GUIDE\.md:5 .*no such file src\/gone\.ts/);
  assert.match(
    messages[2],
    /^docs\/GUIDE\.md:9 .*\("export const three = 3;"\) is no longer in src\/a\.ts/,
  );
  assert.match(messages[3], /^docs\/GUIDE\.md:13 src\/a\.ts:L2-L9: src\/a\.ts has 4 lines/);
});

Deno.test("syncCodeRefs() rewrites the numbers of moved excerpts and nothing else", () => {
  const doc = [
    "One `src/a.ts:L1-L1` and two `src/a.ts:L1-L2` on a line:",
    "",
    `${FENCE}ts`,
    "  export const one = 1;",
    "  export const two = 2;",
    FENCE,
    "",
    "Still right: `src/a.ts:L1`",
    `${FENCE}ts`,
    "// header",
    FENCE,
  ];
  const root = fixture(SOURCE, doc);
  const result = syncCodeRefs(root, { write: true });
  assert.equal(result.references, 3);
  assert.deepEqual(result.moved.map((m) => [m.ref.text, m.to]), [
    ["src/a.ts:L1-L2", { start: 2, end: 3 }],
  ]);
  assert.deepEqual(result.problems, []);
  const expected = doc.slice();
  expected[0] = "One `src/a.ts:L1-L1` and two `src/a.ts:L2-L3` on a line:";
  assert.equal(Deno.readTextFileSync(`${root}/docs/GUIDE.md`), expected.join("\n") + "\n");
  assert.deepEqual(checkCodeRefs(root), []);
});

Deno.test("syncCodeRefs() without write reports moves but leaves the document alone", () => {
  const doc = ["`src/a.ts:L1`", FENCE, "export const two = 2;", FENCE];
  const root = fixture(SOURCE, doc);
  const result = syncCodeRefs(root, { write: false });
  assert.deepEqual(result.moved.map((m) => m.to), [{ start: 3, end: 3 }]);
  assert.equal(Deno.readTextFileSync(`${root}/docs/GUIDE.md`), doc.join("\n") + "\n");
});

Deno.test("docFiles() lists README.md, then the Markdown files of docs/", () => {
  const root = fixture(SOURCE, ["no references"]);
  Deno.writeTextFileSync(`${root}/README.md`, "# r\n");
  Deno.writeTextFileSync(`${root}/docs/A.md`, "# a\n");
  Deno.writeTextFileSync(`${root}/docs/notes.txt`, "not markdown\n");
  assert.deepEqual(docFiles(root), ["README.md", "docs/A.md", "docs/GUIDE.md"]);
});
