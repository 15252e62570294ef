import assert from "node:assert/strict";
import { checkCodeRefs, docFiles } from "../../docs/tools/code_refs.ts";
import { findCodeRefs } from "../../docs/tools/find_code_refs.ts";
import { REPO_ROOT } from "../../docs/tools/sync_refs.ts";

Deno.test("every code reference in README.md and docs/*.md points at lines holding its excerpt", () => {
  const problems = checkCodeRefs(REPO_ROOT);
  assert.deepEqual(
    problems.map((p) => `${p.doc}:${p.ref.docLine}: ${p.message}`),
    [],
    "stale references: run `deno run -A docs/tools/sync_refs.ts`; broken ones need editing",
  );
});

Deno.test("docs/ARCHITECTURE.md answers with quoted code: its references carry excerpts", () => {
  assert.ok(docFiles(REPO_ROOT).includes("docs/ARCHITECTURE.md"), "docs/ARCHITECTURE.md exists");
  const text = Deno.readTextFileSync(`${REPO_ROOT}/docs/ARCHITECTURE.md`);
  const quoted = findCodeRefs(text).filter((ref) => ref.excerpt !== null);
  assert.ok(quoted.length >= 20, `only ${quoted.length} quoted references`);
});
