/**
 * Carrying a live version's untouched files over into the next version of a lake unit.
 *
 * @module
 */

import { TEMP_FILE } from "./part_files.ts";
import { linkEntry, listEntries, listNames, makeDir } from "./lake_fs.ts";

const PART_FILE = /^part-\d+\.parquet$/;
/** A partition (or report folder) whose part 0 a run wrote was rewritten from scratch. */
const FIRST_PART = "part-00000.parquet";

/**
 * Hard-links into `to` (the staging version) every entry of `from` (the live version) that the
 * run did not replace: whole directories `to` lacks (untouched partitions, other reports), and in
 * a directory both have, the files `to` lacks, except part files when `to` has part 0 there (the
 * run rewrote that partition from scratch), temporary files, and the paths in `drop` (relative to
 * the unit, for compaction). Files are never modified once written, so sharing them between
 * versions is safe.
 */
export function mirrorUntouched(
  from: string,
  to: string,
  drop?: ReadonlySet<string>,
  prefix = "",
): void {
  // One listing of `to` instead of a stat per entry: a live table has thousands of files, and a
  // stat that fails costs an exception each.
  const present = new Set(listNames(to));
  const replaced = present.has(FIRST_PART);
  for (const entry of listEntries(from)) {
    if (TEMP_FILE.test(entry.name)) continue;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) {
      if (!present.has(entry.name)) makeDir(target, false);
      mirrorUntouched(source, target, drop, `${prefix}${entry.name}/`);
    } else if (drop?.has(prefix + entry.name) === true) {
      continue;
    } else if (!present.has(entry.name) && !(replaced && PART_FILE.test(entry.name))) {
      linkEntry(source, target, entry.isSymlink);
    }
  }
}
