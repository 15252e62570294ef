/**
 * Finds the code references (`path/to/file.ts:L10-L24`) in a Markdown document, and the fenced
 * code excerpt that follows each one.
 *
 * @module
 */

/** One `path:Lx-Ly` reference found in a Markdown document. */
export interface CodeRef {
  /** The referenced file, relative to the repository root (`operators/watermark.ts`). */
  path: string;
  /** First referenced line, 1-based. */
  start: number;
  /** Last referenced line, 1-based, inclusive (equals `start` for `path:L12`). */
  end: number;
  /** Line of the document holding the reference, 1-based. */
  docLine: number;
  /** Where the reference text starts in that line (0-based code unit index). */
  column: number;
  /** The reference as written, e.g. `operators/watermark.ts:L70-L104`. */
  text: string;
  /**
   * The lines of the fenced code block right after the reference's line (blank lines between
   * them allowed), when the reference is the last one on its line; `null` for a reference in
   * running text.
   */
  excerpt: string[] | null;
}

// A path (segments of letters, digits, `_`, `.`, `-` joined by `/`) then `:L<n>` or `:L<n>-L<m>`.
const REF = /(?<![\w./-])((?:[\w.-]+\/)*[\w.-]+):L(\d+)(?:-L(\d+))?(?![\w-])/g;
const FENCE = /^\s*(`{3,}|~{3,})/;

/**
 * Lists the code references of a Markdown text in document order. References inside fenced code
 * blocks are not references (a SQL block may contain `x:L1`); a path must contain `/` or `.`,
 * which leaves times such as `12:L5` alone.
 *
 * @param markdown The document's text.
 * @returns Every reference, with its excerpt when a fenced block follows its line.
 * @example
 * ```ts
 * const refs = findCodeRefs("`main.ts:L3-L4`\n\n```ts\nconst a = 1;\n```\n");
 * refs[0].excerpt; // ["const a = 1;"]
 * ```
 */
export function findCodeRefs(markdown: string): CodeRef[] {
  const lines = markdown.split(/\r?\n/);
  const refs: CodeRef[] = [];
  let i = 0;
  while (i < lines.length) {
    const fence = FENCE.exec(lines[i]);
    if (fence !== null) {
      i = fenceEnd(lines, i, fence[1]) + 1;
      continue;
    }
    const found = refsInLine(lines[i], i + 1);
    if (found.length > 0) {
      const last = found[found.length - 1];
      let next = i + 1;
      while (next < lines.length && lines[next].trim() === "") next++;
      const open = next < lines.length ? FENCE.exec(lines[next]) : null;
      if (open !== null) {
        const close = fenceEnd(lines, next, open[1]);
        last.excerpt = lines.slice(next + 1, close);
      }
      for (const ref of found) refs.push(ref);
    }
    i++;
  }
  return refs;
}

/** The index of the line closing the fence opened at `open` (or the last line when unclosed). */
function fenceEnd(lines: string[], open: number, marker: string): number {
  const char = marker[0];
  for (let k = open + 1; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line.length >= marker.length && [...line].every((c) => c === char)) return k;
  }
  return lines.length - 1;
}

function refsInLine(line: string, docLine: number): CodeRef[] {
  const refs: CodeRef[] = [];
  for (const m of line.matchAll(REF)) {
    const path = m[1];
    if (!path.includes("/") && !path.includes(".")) continue;
    const start = Number(m[2]);
    const end = m[3] === undefined ? start : Number(m[3]);
    refs.push({ path, start, end, docLine, column: m.index, text: m[0], excerpt: null });
  }
  return refs;
}
