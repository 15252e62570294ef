/**
 * An exclusive lock per lake table, held while a writer builds and switches a new version.
 *
 * @module
 */

import { VERSIONS_DIR } from "./lake_versions.ts";
import { errorText } from "./part_files.ts";

/**
 * Runs `fn` holding the table's lock: an exclusive `flock` on `<root>/.versions/<table>.lock`,
 * which live part writers (one per partition, in any number of processes on this machine) and
 * compaction take around "read the live version, stage, switch". Without it two writers would
 * each mirror the same live version and the second switch would drop the first one's part.
 * Readers never take it: they see one version or the next. The lock is released when `fn`
 * settles, and by the kernel when the process dies.
 *
 * @param root Lake root (created when missing).
 * @param table The table (any unit name).
 * @param fn The work to do under the lock.
 * @returns What `fn` returns.
 * @throws Error naming the lock file when it cannot be opened or locked, or `fn`'s error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const root = Deno.makeTempDirSync();
 * assert.equal(await withTableLock(root, "activity", () => 42), 42);
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export async function withTableLock<T>(
  root: string,
  table: string,
  fn: () => T | Promise<T>,
): Promise<T> {
  const path = `${root}/${VERSIONS_DIR}/${table}.lock`;
  let file: Deno.FsFile;
  try {
    Deno.mkdirSync(`${root}/${VERSIONS_DIR}`, { recursive: true });
    file = await Deno.open(path, { read: true, write: true, create: true });
  } catch (cause) {
    throw new Error(`Cannot open lake lock ${path}: ${errorText(cause)}`, { cause });
  }
  try {
    try {
      // The async form waits on a thread of its own, so another task of this process that
      // holds the lock can still run to its release.
      await file.lock(true);
    } catch (cause) {
      throw new Error(`Cannot lock ${path}: ${errorText(cause)}`, { cause });
    }
    return await fn();
  } finally {
    file.close(); // closing the descriptor releases the lock
  }
}
