/**
 * The folder a lake path names, checked before anything is written there: `replay` and the
 * backfill of `start` both refuse a file or a link to nothing in one line.
 *
 * @module
 */

import { dirname, resolve } from "node:path";

/**
 * The lake's folder with links resolved: a lake linked from elsewhere (another disk) is replaced
 * where it lives, and the link stays. A path that does not exist yet is only made absolute.
 *
 * @param lake Lake root as given.
 * @returns The absolute folder.
 * @throws Error naming `lake` when it is a file, or when it (or a folder above it) is a link to
 *   something that does not exist.
 */
export async function lakeRoot(lake: string): Promise<string> {
  try {
    const root = await Deno.realPath(lake);
    // Else the first error was about `<file>/_lake.json`, with advice to repair it.
    if (!(await Deno.stat(root)).isDirectory) {
      throw new Error(`Cannot use ${lake} as the lake: it is a file, not a folder`);
    }
    return root;
  } catch (cause) {
    if (!(cause instanceof Deno.errors.NotFound)) throw cause;
    await refuseDanglingLink(lake);
    return resolve(lake);
  }
}

/**
 * A lake path that does not resolve because it (or a folder above it) is a link to nothing would
 * fail later as "File exists" from mkdir: name the link and its missing target instead.
 */
async function refuseDanglingLink(lake: string): Promise<void> {
  for (let path = resolve(lake);; path = dirname(path)) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch (cause) {
      if (cause instanceof Deno.errors.NotFound && path !== dirname(path)) continue;
      throw cause;
    }
    if (!info.isSymlink) return;
    const which = path === resolve(lake) ? "it" : path;
    const target = await Deno.readLink(path);
    throw new Error(
      `Cannot use ${lake} as the lake: ${which} is a link to ${target}, which does not exist`,
    );
  }
}
