import assert from "node:assert/strict";
import { syncRefsCommand } from "../../../docs/tools/sync_refs.ts";
import { fileTempDir } from "../../temp_dir.ts";

const FENCE = "```";

/** A throwaway repository with main.ts and one document, removed after the file's tests. */
function fixture(doc: string[]): string {
  const root = fileTempDir({ prefix: "sync_refs_test_" });
  Deno.mkdirSync(`${root}/docs`);
  Deno.writeTextFileSync(`${root}/main.ts`, "const a = 1;\nconst b = 2;\n");
  Deno.writeTextFileSync(`${root}/docs/X.md`, doc.join("\n"));
  return root;
}

/** Runs the command, keeping what it prints on stderr in `errors`. */
function quietly(args: string[], root: string, errors: string[] = []): number {
  const { log, error } = console;
  console.log = () => {};
  console.error = (text: string) => errors.push(text);
  try {
    return syncRefsCommand(args, root);
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("sync_refs --check fails on a stale reference and writes nothing", () => {
  const doc = ["`main.ts:L1`", FENCE, "const b = 2;", FENCE];
  const root = fixture(doc);
  assert.equal(quietly(["--check"], root), 1);
  assert.equal(Deno.readTextFileSync(`${root}/docs/X.md`), doc.join("\n"));
  assert.equal(quietly([], root), 0);
  assert.match(Deno.readTextFileSync(`${root}/docs/X.md`), /^`main\.ts:L2`/);
  assert.equal(quietly(["--check"], root), 0);
});

Deno.test("sync_refs exits 1 naming an excerpt that is gone, and 2 for an unknown argument", () => {
  const root = fixture(["`main.ts:L1`", FENCE, "const c = 3;", FENCE]);
  const errors: string[] = [];
  assert.equal(quietly([], root, errors), 1);
  assert.deepEqual(errors, [
    'docs/X.md:1: error: main.ts:L1: the excerpt ("const c = 3;") is no longer in main.ts',
  ]);
  assert.equal(quietly(["--verbose"], root), 2);
});
