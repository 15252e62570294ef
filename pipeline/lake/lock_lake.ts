/**
 * One writer per lake at a time: an exclusive `flock(2)` on the lake's root directory; live
 * writers, which share a lake among themselves, hold it shared.
 *
 * @module
 */

import { log } from "../log.ts";
import { errorText } from "./part_files.ts";

/** How long a run waits for the lock before it says it is waiting, ms. */
const SAY_WAITING_AFTER_MS = 1000;

/**
 * Takes the lake's write lock, waiting while another run (in this process or another) holds it.
 * A run's repair removes the staging versions it finds, so two runs writing one lake at once
 * would delete each other's work; with the lock the second run starts once the first is done.
 * The lock is on the root directory itself (no lock file in the lake) and the kernel drops it
 * when the process ends, so a killed run leaves nothing to clean.
 *
 * Shared holders (`consume` for its whole run, `compact`) run together, and each of them waits for
 * an exclusive one (a replay, start's backfill) and it for them: a replay, above all one with
 * `--replace`, swapped the lake under a running `consume`, which went on writing its parts and
 * reports into the replay's tables.
 *
 * @param root Lake root; created when missing.
 * @param options `shared`: take the lock shared (default exclusive).
 * @returns The held lock; disposing it releases the lock (once: disposing it again does nothing).
 * @throws Error naming the root when it cannot be created or opened.
 *
 * @example
 * ```ts
 * const root = await Deno.makeTempDir();
 * {
 *   using _lock = await lockLake(root);
 *   // write the lake
 * }
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function lockLake(
  root: string,
  options: { shared?: boolean } = {},
): Promise<Disposable> {
  let dir: Deno.FsFile;
  try {
    await Deno.mkdir(root, { recursive: true });
    dir = await Deno.open(root, { read: true });
  } catch (cause) {
    throw new Error(`Cannot create lake root ${root}: ${errorText(cause)}`, { cause });
  }
  const waiting = setTimeout(
    () =>
      log.info(
        `${root}: another run (replay, compact or consume) is writing this lake; ` +
          `waiting for it to finish (a consume holds it until it is stopped)`,
      ),
    SAY_WAITING_AFTER_MS,
  );
  try {
    await dir.lock(options.shared !== true);
  } catch (cause) {
    dir.close();
    throw new Error(`Cannot lock lake root ${root}: ${errorText(cause)}`, { cause });
  } finally {
    clearTimeout(waiting);
  }
  let held = true;
  return {
    [Symbol.dispose]: () => {
      if (held) dir.close(); // closing the descriptor releases the lock; a second dispose is a no-op
      held = false;
    },
  };
}
