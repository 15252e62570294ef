/**
 * The synchronous file-system steps of the lake's commit protocol (`lake_versions.ts`), each
 * throwing an Error that names the path and the cause, so a failed run says what it could not do
 * in one line.
 *
 * @module
 */

import { errorText } from "./part_files.ts";

/** The live path as the protocol sees it. */
export function entryKind(path: string): "missing" | "link" | "directory" | "other" {
  try {
    const info = Deno.lstatSync(path);
    return info.isSymlink ? "link" : info.isDirectory ? "directory" : "other";
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return "missing";
    throw new Error(`Cannot read lake path ${path}: ${errorText(cause)}`, { cause });
  }
}

/** Recreates `source` (a file: hard link or copy; a link: the same link) at `target`. */
export function linkEntry(source: string, target: string, isSymlink: boolean): void {
  try {
    if (isSymlink) Deno.symlinkSync(Deno.readLinkSync(source), target);
    else linkOrCopy(source, target);
  } catch (cause) {
    throw new Error(`Cannot link lake file ${source} to ${target}: ${errorText(cause)}`, {
      cause,
    });
  }
}

/** Hard-links `source` to `target`, or copies it where the file system cannot link. */
export function linkOrCopy(source: string, target: string): void {
  try {
    Deno.linkSync(source, target);
  } catch {
    // A file system without hard links, or a mount in between: a copy is as good, only slower.
    // When the copy fails too, its error is the one reported.
    Deno.copyFileSync(source, target);
  }
}

/** The entries of `dir`, sorted by name; none when it does not exist. */
export function listEntries(dir: string): Deno.DirEntry[] {
  try {
    return [...Deno.readDirSync(dir)].sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return [];
    throw new Error(`Cannot list lake directory ${dir}: ${errorText(cause)}`, { cause });
  }
}

/** The names in `dir`, sorted; none when it does not exist. */
export function listNames(dir: string): string[] {
  return listEntries(dir).map((entry) => entry.name);
}

/** Whether anything (a link too, even a dangling one) is at `path`. */
export function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return false;
    throw new Error(`Cannot read lake path ${path}: ${errorText(cause)}`, { cause });
  }
}

/** Creates the directory `path` (and its parents when `recursive`). */
export function makeDir(path: string, recursive: boolean): void {
  try {
    Deno.mkdirSync(path, { recursive });
  } catch (cause) {
    throw new Error(`Cannot create lake directory ${path}: ${errorText(cause)}`, { cause });
  }
}

/** Creates the link `path` pointing at `target`. */
export function symlink(target: string, path: string): void {
  try {
    Deno.symlinkSync(target, path);
  } catch (cause) {
    throw new Error(`Cannot create lake link ${path}: ${errorText(cause)}`, { cause });
  }
}

/** Renames `from` to `to` (atomic within one file system). */
export function rename(from: string, to: string): void {
  try {
    Deno.renameSync(from, to);
  } catch (cause) {
    throw new Error(`Cannot rename ${from} to ${to}: ${errorText(cause)}`, { cause });
  }
}

/** Removes the file or link `path` when it is there. */
export function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return;
    throw new Error(`Cannot remove ${path}: ${errorText(cause)}`, { cause });
  }
}

/** Removes `path` and everything below it when it is there. */
export function removeTree(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return;
    throw new Error(`Cannot remove ${path}: ${errorText(cause)}`, { cause });
  }
}
