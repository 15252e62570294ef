/**
 * Matching a quoted code excerpt against a file's lines, and finding where it moved.
 *
 * Lines are compared trimmed, so an excerpt may be dedented. A line `// ...` in an excerpt
 * stands for lines left out: the parts around it must appear in order, with anything between.
 *
 * @module
 */

/** A line range of a file, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

const ELISION = /^(?:\/\/|#)\s*(?:\.\.\.|…)$/;

/**
 * Splits an excerpt into the runs of trimmed lines it quotes: leading and trailing blank lines
 * dropped, `// ...` lines separating runs.
 *
 * @param excerpt The excerpt's lines as written in the document.
 * @returns The runs, each a non-empty list of trimmed lines; none for an empty excerpt.
 */
export function excerptRuns(excerpt: readonly string[]): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const line of excerpt) {
    const text = line.trim();
    if (ELISION.test(text)) {
      if (trimBlank(run).length > 0) runs.push(trimBlank(run));
      run = [];
    } else {
      run.push(text);
    }
  }
  if (trimBlank(run).length > 0) runs.push(trimBlank(run));
  return runs;
}

function trimBlank(run: string[]): string[] {
  let from = 0;
  let to = run.length;
  while (from < to && run[from] === "") from++;
  while (to > from && run[to - 1] === "") to--;
  return run.slice(from, to);
}

/**
 * Whether lines `range.start..range.end` of a file contain the excerpt: each run of it, in
 * order, as consecutive lines (trimmed).
 *
 * @param fileLines The file's lines.
 * @param excerpt The excerpt's lines as written in the document.
 * @param range The referenced lines, 1-based, inclusive.
 * @returns `true` when the range holds the excerpt; `false` for an empty excerpt.
 * @example
 * ```ts
 * excerptIn(["a", "  b", "c"], ["b", "c"], { start: 2, end: 3 }); // true
 * ```
 */
export function excerptIn(
  fileLines: readonly string[],
  excerpt: readonly string[],
  range: LineRange,
): boolean {
  const runs = excerptRuns(excerpt);
  if (runs.length === 0) return false;
  const trimmed = fileLines.map((line) => line.trim());
  const placed = placeRuns(trimmed, runs, range.start - 1, Math.min(range.end, trimmed.length));
  return placed !== null;
}

/**
 * Finds the excerpt in a file: every place its first run occurs, each completed with the
 * earliest placement of the other runs; of those, the one starting nearest `near`.
 *
 * @param fileLines The file's lines.
 * @param excerpt The excerpt's lines as written in the document.
 * @param near The line where the excerpt was expected, 1-based (ties go to the earlier place).
 * @returns The lines the excerpt spans, or `null` when the file no longer holds it.
 * @example
 * ```ts
 * locateExcerpt(["x", "a", "b"], ["a", "b"], 1); // { start: 2, end: 3 }
 * ```
 */
export function locateExcerpt(
  fileLines: readonly string[],
  excerpt: readonly string[],
  near: number,
): LineRange | null {
  const runs = excerptRuns(excerpt);
  if (runs.length === 0) return null;
  const trimmed = fileLines.map((line) => line.trim());
  let best: LineRange | null = null;
  for (let at = 0; at + runs[0].length <= trimmed.length; at++) {
    if (!runAt(trimmed, runs[0], at)) continue;
    const placed = placeRuns(trimmed, runs, at, trimmed.length);
    if (placed === null || placed.start !== at + 1) continue;
    if (best === null || Math.abs(placed.start - near) < Math.abs(best.start - near)) {
      best = placed;
    }
  }
  return best;
}

/**
 * Places the runs in order, each at its earliest position, within `lines[from, to)`.
 *
 * @returns The 1-based range from the first run's start to the last run's end, or `null`.
 */
function placeRuns(
  lines: readonly string[],
  runs: readonly string[][],
  from: number,
  to: number,
): LineRange | null {
  let at = from;
  let start = -1;
  for (const run of runs) {
    let found = -1;
    for (let k = at; k + run.length <= to; k++) {
      if (runAt(lines, run, k)) {
        found = k;
        break;
      }
    }
    if (found < 0) return null;
    if (start < 0) start = found;
    at = found + run.length;
  }
  return { start: start + 1, end: at };
}

function runAt(lines: readonly string[], run: readonly string[], at: number): boolean {
  for (let k = 0; k < run.length; k++) if (lines[at + k] !== run[k]) return false;
  return true;
}
