/**
 * The name each input file gives its records' positions (`activity.csv:line 3`).
 *
 * @module
 */

import { basename, dirname } from "node:path";

/**
 * Names files by their base name, or, where two files of one read share it, by as many of their
 * last folders as tell them apart (`shopA/activity.csv`, `shopB/activity.csv`), so that every
 * quarantine position and derived event id names one file.
 *
 * @param paths The files of one read, in order.
 * @returns Each path's name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const names = sourceNames(["/in/shopA/activity.csv", "/in/shopB/activity.csv", "/in/b.csv"]);
 * assert.deepEqual([...names.values()], ["shopA/activity.csv", "shopB/activity.csv", "b.csv"]);
 * ```
 */
export function sourceNames(paths: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const path of paths) names.set(path, basename(path));
  for (let depth = 1;; depth++) {
    const byName = Map.groupBy(names.keys(), (path) => names.get(path)!);
    const shared = [...byName.values()].filter((group) => group.length > 1).flat();
    if (shared.length === 0) return names;
    let longer = false;
    for (const path of shared) {
      const name = lastParts(path, depth + 1);
      if (name !== names.get(path)) longer = true;
      names.set(path, name);
    }
    if (!longer) return names; // the same path twice: nothing tells them apart
  }
}

/** The last `count` parts of a path (`a/b/c.csv`, 2 → `b/c.csv`). */
function lastParts(path: string, count: number): string {
  const parts = [basename(path)];
  let dir = dirname(path);
  while (parts.length < count && dir !== "." && basename(dir) !== "") {
    parts.unshift(basename(dir));
    dir = dirname(dir);
  }
  return parts.join("/");
}
