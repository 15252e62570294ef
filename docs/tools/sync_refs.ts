/**
 * `deno run -A docs/tools/sync_refs.ts [--check]`: brings the line numbers of the code
 * references in `README.md` and `docs/*.md` up to date with the code.
 *
 * A reference `path/to/file.ts:L10-L24` followed by a fenced code excerpt must point at lines
 * that hold the excerpt. When the code moved, this finds the excerpt in the file again (the
 * occurrence nearest the old lines) and rewrites the numbers in the Markdown. An excerpt that is
 * no longer in its file at all, or a file that is gone, cannot be repaired: they are listed and
 * the exit status is 1, and the document needs a human. With `--check` nothing is written and
 * any reference that would change also makes the exit status 1.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { syncCodeRefs, type SyncResult } from "./code_refs.ts";

/** The repository root: two folders up from this file. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

const HELP = `Usage: deno run -A docs/tools/sync_refs.ts [--check]

Rewrites the line numbers of code references (path:Lx-Ly followed by a fenced excerpt) in
README.md and docs/*.md whose lines no longer hold the excerpt.

  --check   write nothing; exit 1 when a reference is stale or broken`;

/**
 * Runs the tool.
 *
 * @param args `--check`, `--help`
 * @param root the repository root (default {@linkcode REPO_ROOT})
 * @returns the exit status: 0 when every reference holds (after rewriting, unless `--check`),
 *   1 when one is broken (or stale under `--check`), 2 for a usage error
 * @example
 * ```ts
 * Deno.exit(syncRefsCommand(["--check"]));
 * ```
 */
export function syncRefsCommand(args: readonly string[], root: string = REPO_ROOT): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`error: unknown argument ${JSON.stringify(unknown[0])}\n\n${HELP}`);
    return 2;
  }
  const check = args.includes("--check");
  const result = syncCodeRefs(root, { write: !check });
  report(result, check);
  if (result.problems.length > 0) return 1;
  return check && result.moved.length > 0 ? 1 : 0;
}

function report(result: SyncResult, check: boolean): void {
  for (const { doc, ref, to } of result.moved) {
    const verb = check ? "is stale, now at" : "moved to";
    console.log(`${doc}:${ref.docLine}: ${ref.text} ${verb} L${to.start}-L${to.end}`);
  }
  for (const { doc, ref, message } of result.problems) {
    console.error(`${doc}:${ref.docLine}: error: ${message}`);
  }
  const moved = result.moved.length;
  console.log(
    `${result.references} references, ${moved} ${check ? "stale" : "rewritten"}, ` +
      `${result.problems.length} broken`,
  );
}

if (import.meta.main) Deno.exit(syncRefsCommand(Deno.args));
