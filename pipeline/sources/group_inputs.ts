/**
 * Turns the `--input` arguments of a replay into files per table.
 *
 * @module
 */

import { extname } from "node:path";
import type { TableName } from "../../operators/types.ts";
import { resolveInputs, tableForFile } from "./file_source.ts";
import { UsageError } from "../options.ts";
import { log } from "../log.ts";

const DATA_EXTENSIONS: readonly string[] = [".csv", ".ndjson", ".jsonl", ".json"];

const TABLE_ORDER: readonly TableName[] = ["activity", "transactions", "inventory", "reviews"];

/**
 * Resolves files, folders and globs, and assigns every file to a table by its name. Files in a
 * folder or glob that match no table (a `manifest.json`, a README) are skipped with a note; a
 * file named explicitly that matches no table is an error, unless `table` forces one, and so is
 * a folder or glob with no file of any table, even beside inputs that have some. When
 * `table` forces one, files in a folder or glob are taken only with a data extension (`.csv`,
 * `.ndjson`, `.jsonl`, `.json`), so a README beside the data is skipped with a note. A file
 * reached twice (named again, through a symlink, or spelled another way) is taken once, by the
 * path that reached it first.
 *
 * @param args the input arguments
 * @param table force every file into this table (for inputs whose names say nothing)
 * @returns the files of each table, each list in name order, tables in a fixed order
 * @throws UsageError for a missing input, an explicit file that matches no table, or an input
 * with no file of any table
 */
export async function groupInputs(
  args: readonly string[],
  table?: TableName,
): Promise<Map<TableName, string[]>> {
  const byTable = new Map<TableName, Set<string>>();
  // The first path by which each file was found: a file reached again (a symlink or hard link
  // beside it, a path spelled another way) is read once, not counted twice.
  const firstPath = new Map<string, string>();
  for (const arg of args) {
    let paths: string[];
    try {
      paths = await resolveInputs(arg);
    } catch (err) {
      throw new UsageError(`cannot read input ${JSON.stringify(arg)}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (paths.length === 0) throw new UsageError(`input ${JSON.stringify(arg)} matches no files`);
    const explicit = paths.length === 1 && paths[0] === arg;
    let tableFiles = 0;
    for (const path of paths) {
      if (
        table !== undefined && !explicit && !DATA_EXTENSIONS.includes(extname(path).toLowerCase())
      ) {
        log.debug(`skipping ${path}: not a .csv, .ndjson, .jsonl or .json file`);
        continue;
      }
      const t = table ?? tableForFile(path);
      if (t === undefined) {
        if (explicit) {
          throw new UsageError(
            `cannot tell which table ${JSON.stringify(path)} holds: name it activity*, ` +
              `transactions*, inventory* or reviews*, or give a --mapping or a --format that names its table`,
          );
        }
        log.debug(`skipping ${path}: its name matches no table`);
        continue;
      }
      tableFiles++;
      const real = await fileIdentity(path);
      const first = firstPath.get(real);
      if (first !== undefined) {
        if (first !== path) log.info(`${path} is the same file as ${first}: read once`);
        continue;
      }
      firstPath.set(real, path);
      if (!byTable.has(t)) byTable.set(t, new Set());
      byTable.get(t)!.add(path);
    }
    // Checked per input: beside data/sample, a folder of online-retail's day files was skipped
    // without a word and the run replayed the sample alone.
    if (tableFiles === 0) {
      throw new UsageError(`no input files for any table in ${JSON.stringify(arg)}`);
    }
  }
  if (byTable.size === 0) throw new UsageError("no input files: give a file, folder or glob");
  const out = new Map<TableName, string[]>();
  for (const t of TABLE_ORDER) {
    const files = byTable.get(t);
    if (files) out.set(t, [...files].sort());
  }
  return out;
}

/**
 * What makes two paths one file: its device and inode (symlinks, other spellings and hard links
 * alike), or its canonical path where the system gives no inode; the path itself when it cannot
 * be read (opening it reports the problem, naming the path given).
 */
async function fileIdentity(path: string): Promise<string> {
  try {
    const info = await Deno.stat(path);
    if (info.dev !== null && info.ino !== null) return `${info.dev}:${info.ino}`;
    return await Deno.realPath(path);
  } catch {
    return path;
  }
}
