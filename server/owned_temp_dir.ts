/**
 * Temporary folders named for the process that made them, so a later run can remove those a
 * killed one left: `start` killed during its backfill (Ctrl-C, SIGKILL) left its generated history
 * (67 MB) and its console's socket folder in the temporary folder, one more at each kill.
 *
 * @module
 */

import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Makes `<tmp>/<prefix><pid>-<random>` and first removes the folders of that prefix whose
 * process no longer runs (by `/proc`; where there is none, nothing is removed).
 *
 * @param prefix the folder's prefix, such as `shopease-history-`
 * @returns the new folder
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = makeOwnedTempDir("owned-temp-example-");
 * assert.match(dir, new RegExp(`owned-temp-example-${Deno.pid}-`));
 * Deno.removeSync(dir);
 * ```
 */
export function makeOwnedTempDir(prefix: string): string {
  const dir = Deno.makeTempDirSync({ prefix: `${prefix}${Deno.pid}-` });
  removeAbandoned(join(dir, ".."), prefix);
  return dir;
}

/** Removes `<parent>/<prefix><pid>-*` folders of processes that are gone. */
function removeAbandoned(parent: string, prefix: string): void {
  if (!exists("/proc/self")) return; // no way to tell a running owner from a gone one
  removeWhere(parent, prefix, (pid) => !exists(`/proc/${pid}`));
}

/** Removes `<parent>/<prefix><pid>-*` folders whose pid `chosen` accepts. */
function removeWhere(parent: string, prefix: string, chosen: (pid: string) => boolean): void {
  const owned = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\d+)-`);
  for (const entry of Deno.readDirSync(parent)) {
    const pid = owned.exec(entry.name)?.[1];
    if (!entry.isDirectory || pid === undefined || !chosen(pid)) continue;
    try {
      // Only this user's: another user's (or a container's, sharing /tmp) is not ours to judge.
      if (Deno.statSync(join(parent, entry.name)).uid !== Deno.uid()) continue;
      Deno.removeSync(join(parent, entry.name), { recursive: true });
    } catch {
      // Another user's, or removed meanwhile by another run: not ours to insist on.
    }
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes this process's folders of `prefix` (made by {@linkcode makeOwnedTempDir}), for a process
 * about to exit without running its `finally` blocks.
 *
 * @param prefix the folders' prefix
 */
export function removeOwnTempDirs(prefix: string): void {
  removeWhere(tmpdir(), prefix, (pid) => pid === String(Deno.pid));
}
