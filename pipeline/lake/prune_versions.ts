/**
 * Removes a unit's old versions that no reader can still be on: a long-running live writer makes a
 * version per commit, and only a replay's repair removed them before.
 *
 * @module
 */

import { linkedVersion, STAGING, VERSION, versionNumber, VERSIONS_DIR } from "./lake_versions.ts";
import { entryKind, listNames, removeTree } from "./lake_fs.ts";

/**
 * How long a replaced version stays, for readers that resolved the table's link before: the live
 * writer, its reports and `compact` prune after this.
 */
export const KEEP_REPLACED_MS = 60_000;

/**
 * Removes every version of `unit` that stopped being live more than `keepMs` ago (the time its
 * successor was made), and staging directories older than that (left by a killed writer). Call it
 * under the unit's lock (`withTableLock`), so no writer is staging at the same time.
 *
 * @param root lake root
 * @param unit a table or `reports`
 * @param keepMs how long a superseded version stays for readers that resolved the link before
 * @param now wall clock, ms
 * @returns how many directories were removed
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const root = Deno.makeTempDirSync();
 * assert.equal(pruneVersions(root, "reports", 0), 0); // nothing there yet
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export function pruneVersions(
  root: string,
  unit: string,
  keepMs: number,
  now = Date.now(),
): number {
  const live = `${root}/${unit}`;
  if (entryKind(live) !== "link") return 0;
  // A link pointing elsewhere or nowhere: which versions readers need is unknown, so none go.
  const current = linkedVersion(root, unit);
  if (current === null) return 0;
  const base = `${root}/${VERSIONS_DIR}/${unit}`;
  const names = listNames(base);
  const versions = names.filter((n) => VERSION.test(n))
    .sort((a, b) => versionNumber(a) - versionNumber(b));
  let removed = 0;
  for (let i = 0; i + 1 < versions.length; i++) {
    if (versions[i] === current) break; // the live one and every newer one stay
    const supersededAt = mtime(`${base}/${versions[i + 1]}`);
    if (supersededAt === null || now - supersededAt <= keepMs) continue;
    removeTree(`${base}/${versions[i]}`);
    removed++;
  }
  for (const name of names) {
    if (!STAGING.test(name)) continue;
    const at = mtime(`${base}/${name}`);
    if (at !== null && now - at > keepMs) {
      removeTree(`${base}/${name}`);
      removed++;
    }
  }
  return removed;
}

function mtime(path: string): number | null {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? null;
  } catch {
    return null;
  }
}
