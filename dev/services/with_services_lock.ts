/**
 * A lock file so that concurrent `servicesUp` calls (parallel test files, two terminals) do not
 * both install or start the same service.
 *
 * @module
 */

import { removeIfExists, waitUntil } from "./process_control.ts";
import type { ServicePaths } from "./service_paths.ts";

/** Tail of the in-process queue of lock holders. */
let queue: Promise<void> = Promise.resolve();

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function tryLock(file: string): Promise<boolean> {
  try {
    await Deno.writeTextFile(file, `${Deno.pid}\n`, { createNew: true });
    return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  // Held: take it over only when its holder is dead (a crashed or killed process).
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // released meanwhile: retry
    throw error;
  }
  const holder = Number.parseInt(text, 10);
  if (!Number.isInteger(holder)) {
    // Created but not yet written by its holder, unless it stayed empty for a while.
    const age = Date.now() - ((await Deno.stat(file)).mtime?.getTime() ?? 0);
    if (age > 10_000) await removeIfExists(file);
    return false;
  }
  // Our own pid can only be a stale file from an earlier process: this process queues above.
  if (holder !== Deno.pid && await exists(`/proc/${holder}`)) return false;
  await removeIfExists(file);
  return false;
}

/**
 * Runs `fn` while holding `<dir>/services.lock`; waits for another holder (up to the services
 * timeout plus 2 minutes for a first Maven install) and steals the lock from a dead one.
 *
 * @param paths the services layout
 * @param fn the work to do under the lock
 * @returns what `fn` returns
 */
export function withServicesLock<T>(paths: ServicePaths, fn: () => Promise<T>): Promise<T> {
  // Calls in this process queue here, so the file lock only arbitrates between processes.
  const result = queue.then(() => withFileLock(paths, fn));
  queue = result.then(() => undefined, () => undefined);
  return result;
}

async function withFileLock<T>(paths: ServicePaths, fn: () => Promise<T>): Promise<T> {
  await Deno.mkdir(paths.dir, { recursive: true });
  const waitMs = paths.timeoutMs + 120_000;
  if (!(await waitUntil(() => tryLock(paths.lockFile), waitMs, 200))) {
    throw new Error(`another process holds ${paths.lockFile} for more than ${waitMs} ms`);
  }
  try {
    return await fn();
  } finally {
    await removeIfExists(paths.lockFile);
  }
}
