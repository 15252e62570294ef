/**
 * Checks and repairs the code references of the project's Markdown documents: every
 * `path:Lx-Ly` followed by a fenced excerpt must point at lines of an existing file that hold
 * that excerpt.
 *
 * @module
 */

import { join } from "node:path";
import { type CodeRef, findCodeRefs } from "./find_code_refs.ts";
import { excerptIn, excerptRuns, type LineRange, locateExcerpt } from "./match_excerpt.ts";

/** A reference that is wrong, with what is wrong. */
export interface RefProblem {
  /** The document, relative to the root (`docs/ARCHITECTURE.md`). */
  doc: string;
  ref: CodeRef;
  /** What is wrong, naming the file, the lines and the excerpt's first line. */
  message: string;
}

/** A reference whose lines moved, and where to. */
export interface RefMove {
  doc: string;
  ref: CodeRef;
  to: LineRange;
}

/** What {@linkcode syncCodeRefs} found and did. */
export interface SyncResult {
  /** References checked (with or without an excerpt). */
  references: number;
  /** References whose line numbers were (or, without `write`, would be) rewritten. */
  moved: RefMove[];
  /** References it cannot repair: missing files, excerpts no longer in their file. */
  problems: RefProblem[];
}

/**
 * The documents whose references are checked: `README.md` and `docs/*.md`, those that exist,
 * in that order.
 *
 * @param root The repository root.
 * @returns Paths relative to `root`.
 */
export function docFiles(root: string): string[] {
  const docs: string[] = [];
  if (isFile(join(root, "README.md"))) docs.push("README.md");
  const names: string[] = [];
  try {
    for (const entry of Deno.readDirSync(join(root, "docs"))) {
      if (entry.isFile && entry.name.endsWith(".md")) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const name of names.sort()) docs.push(`docs/${name}`);
  return docs;
}

/**
 * Checks every code reference of `docs`. A reference with an excerpt must name an existing file
 * whose lines `x..y` contain the excerpt (trimmed lines; `// ...` skips lines); a reference in
 * running text must name an existing file and lines within it.
 *
 * @param root The repository root; paths in references and `docs` are relative to it.
 * @param docs The documents to check (default {@linkcode docFiles}).
 * @returns The problems found, in document order; empty when all is well.
 * @example
 * ```ts
 * for (const p of checkCodeRefs(".")) console.error(`${p.doc}:${p.ref.docLine}: ${p.message}`);
 * ```
 */
export function checkCodeRefs(
  root: string,
  docs: readonly string[] = docFiles(root),
): RefProblem[] {
  const { moved, problems } = syncCodeRefs(root, { write: false, docs });
  const stale = moved.map((move): RefProblem => ({
    doc: move.doc,
    ref: move.ref,
    message: `${move.ref.text} does not hold its excerpt (${firstLine(move.ref)}), now at ` +
      `L${move.to.start}-L${move.to.end}: run deno run -A docs/tools/sync_refs.ts`,
  }));
  return [...problems, ...stale].sort((a, b) =>
    a.doc === b.doc ? a.ref.docLine - b.ref.docLine : docs.indexOf(a.doc) - docs.indexOf(b.doc)
  );
}

/**
 * Rewrites the line numbers of every reference whose lines no longer hold its excerpt, to where
 * the excerpt is now (the occurrence nearest the old lines). References it cannot repair are
 * returned as problems and left as they are.
 *
 * @param root The repository root.
 * @param options `write: false` only reports; `docs` defaults to {@linkcode docFiles}.
 * @returns The references checked, the moves, and the problems.
 */
export function syncCodeRefs(
  root: string,
  options: { write: boolean; docs?: readonly string[] },
): SyncResult {
  const result: SyncResult = { references: 0, moved: [], problems: [] };
  const files = new Map<string, string[] | null>();
  const linesOf = (path: string): string[] | null => {
    if (!files.has(path)) files.set(path, readLines(join(root, path)));
    return files.get(path)!;
  };
  for (const doc of options.docs ?? docFiles(root)) {
    const text = Deno.readTextFileSync(join(root, doc));
    const lines = text.split("\n");
    let changed = false;
    const refs = findCodeRefs(text);
    const moved: RefMove[] = [];
    const problems: RefProblem[] = [];
    result.references += refs.length;
    // Right to left, so rewriting one reference keeps the columns of the others on its line.
    for (const ref of refs.toReversed()) {
      const problem = (message: string) => problems.push({ doc, ref, message });
      const fileLines = linesOf(ref.path);
      if (fileLines === null) {
        problem(`${ref.text}: no such file ${ref.path}`);
        continue;
      }
      if (ref.excerpt === null) {
        if (!(ref.start >= 1 && ref.start <= ref.end && ref.end <= fileLines.length)) {
          problem(`${ref.text}: ${ref.path} has ${fileLines.length} lines`);
        }
        continue;
      }
      if (excerptRuns(ref.excerpt).length === 0) {
        problem(`${ref.text}: the code block after it is empty`);
        continue;
      }
      if (ref.start <= ref.end && excerptIn(fileLines, ref.excerpt, ref)) continue;
      const to = locateExcerpt(fileLines, ref.excerpt, ref.start);
      if (to === null) {
        problem(`${ref.text}: the excerpt (${firstLine(ref)}) is no longer in ${ref.path}`);
        continue;
      }
      moved.push({ doc, ref, to });
      const replacement = to.start === to.end
        ? `${ref.path}:L${to.start}`
        : `${ref.path}:L${to.start}-L${to.end}`;
      const line = lines[ref.docLine - 1];
      lines[ref.docLine - 1] = line.slice(0, ref.column) + replacement +
        line.slice(ref.column + ref.text.length);
      changed = true;
    }
    if (changed && options.write) Deno.writeTextFileSync(join(root, doc), lines.join("\n"));
    result.moved.push(...moved.reverse());
    result.problems.push(...problems.reverse());
  }
  return result;
}

/** The excerpt's first quoted line, quoted, for messages. */
function firstLine(ref: CodeRef): string {
  const runs = excerptRuns(ref.excerpt ?? []);
  return JSON.stringify(runs.length > 0 ? runs[0][0] : "");
}

function readLines(path: string): string[] | null {
  try {
    return Deno.readTextFileSync(path).split(/\r?\n/);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
      return null;
    }
    throw error;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
