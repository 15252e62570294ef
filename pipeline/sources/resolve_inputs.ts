/**
 * Expands an input argument (file, folder or glob) into a sorted list of file paths.
 *
 * @module
 */

import { join } from "node:path";
import { log } from "../log.ts";
import { LAKE_MANIFEST } from "../lake/lake_dataset.ts";
import { VERSIONS_DIR } from "../lake/lake_versions.ts";

/**
 * Turns an input argument into the files it names, sorted by path (code-unit order, so the
 * result does not depend on the locale):
 * - a file: itself;
 * - a folder: every file inside it, recursively (names starting with `.` are skipped, and so are
 *   lakes: folders holding `_lake.json` or `.versions`; a lake given itself is refused);
 * - a glob with `*` (any characters within one path segment), `?` (one character) or `**`
 *   (any number of segments): the matching files.
 *
 * @param arg A path or a glob such as `data/sample/*.csv` or `data/**\/reviews*.json`.
 * @returns The file paths, sorted.
 * @throws {Deno.errors.NotFound} when the path does not exist or a glob matches no file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sample = new URL("../../data/sample", import.meta.url).pathname;
 * const files = await resolveInputs(sample); // [".../data/sample/activity.csv", ...]
 * assert.ok(files.some((f) => f.endsWith("/data/sample/activity.csv")));
 * ```
 */
export async function resolveInputs(arg: string): Promise<string[]> {
  if (/[*?]/.test(arg)) return await resolveGlob(arg);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(arg);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`input not found: ${arg}`, { cause: error });
    }
    throw error;
  }
  if (!info.isDirectory) return [arg];
  if (await isLake(arg)) {
    throw new Error(`${arg} is a lake, not input: give the files it was made from`);
  }
  const files: string[] = [];
  await walk(arg, "", files);
  return files.sort(byPath).map((relative) => join(arg, relative));
}

async function resolveGlob(glob: string): Promise<string[]> {
  const segments = glob.split("/");
  const firstWild = segments.findIndex((s) => /[*?]/.test(s));
  const base = segments.slice(0, firstWild).join("/") || (glob.startsWith("/") ? "/" : "");
  const pattern = globToRegExp(segments.slice(firstWild).join("/"));
  const files: string[] = [];
  try {
    await walk(base === "" ? "." : base, "", files);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const matches = files.filter((relative) => pattern.test(relative)).sort(byPath);
  if (matches.length === 0) throw new Deno.errors.NotFound(`no input file matches ${glob}`);
  return base === "" ? matches : matches.map((relative) => join(base, relative));
}

/** `**` → any segments, `*` → within a segment, `?` → one char; everything else literal. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Collects the paths of files under `dir`, relative to the walk's root (`prefix` so far). */
async function walk(dir: string, prefix: string, files: string[]): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".")) continue;
    const relative = prefix + entry.name;
    const path = join(dir, entry.name);
    const isDirectory = entry.isSymlink ? (await Deno.stat(path)).isDirectory : entry.isDirectory;
    if (!isDirectory) files.push(relative);
    else if (await isLake(path)) log.info(`skipping ${path}: a lake, not input`);
    else await walk(path, relative + "/", files);
  }
}

/**
 * Whether `dir` is a lake (it holds `_lake.json`, or the `.versions` of one made before it):
 * a lake kept inside its input folder would be read as input on the next run (its report
 * files as a table named by their folder).
 */
async function isLake(dir: string): Promise<boolean> {
  for (const marker of [LAKE_MANIFEST, VERSIONS_DIR]) {
    try {
      await Deno.lstat(join(dir, marker));
      return true;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return false;
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
