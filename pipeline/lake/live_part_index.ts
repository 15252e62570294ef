/**
 * What the live version of a table holds in live parts, by topic, partition and offset range.
 *
 * @module
 */

import { type OffsetRange, parseLivePartName } from "./live_part_name.ts";
import { errorText } from "./part_files.ts";
import { PARTITION_FOLDER } from "./table_sink.ts";

/** A live part file of the table's live version. */
export interface LivePart extends OffsetRange {
  /** Partition directory, such as `date=2024-10-01`. */
  date: string;
  /** File name. */
  name: string;
}

/**
 * Lists the live parts of `<root>/<table>` (through its link: the version readers see now),
 * sorted by date, topic, partition and first offset. Replay's numbered parts are not listed.
 *
 * @param root Lake root.
 * @param table The table.
 * @returns The parts; `[]` when the table does not exist yet.
 * @throws Error naming the directory that cannot be listed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const root = Deno.makeTempDirSync();
 * assert.deepEqual(listLiveParts(root, "activity"), []);
 * Deno.removeSync(root);
 * ```
 */
export function listLiveParts(root: string, table: string): LivePart[] {
  const dir = `${root}/${table}`;
  const parts: LivePart[] = [];
  for (const date of list(dir)) {
    // Only the partitions a writer makes: not a person's copy of one (`date=….bak`).
    if (!date.isDirectory || !PARTITION_FOLDER.test(date.name)) continue;
    for (const file of list(`${dir}/${date.name}`)) {
      if (!file.isFile) continue;
      const range = parseLivePartName(file.name);
      if (range !== null) parts.push({ ...range, date: date.name, name: file.name });
    }
  }
  return parts.sort(byPlace);
}

/**
 * The distinct offset ranges of `topic` partition `partition` that any of `tables` holds a part
 * for, sorted by first offset. The parts of one batch share its range in every table, so after
 * a restart the runner can cut the messages it reads again at these boundaries: each re-read
 * batch then has a committed range (its parts are rewritten byte for byte, or skipped) or a new
 * one, never one that straddles a committed part.
 *
 * @param root Lake root.
 * @param tables The tables the topic feeds.
 * @param topic The topic.
 * @param partition The partition.
 * @returns The ranges, without duplicates.
 */
export function committedRanges(
  root: string,
  tables: readonly string[],
  topic: string,
  partition: number,
): OffsetRange[] {
  const seen = new Map<string, OffsetRange>();
  for (const table of tables) {
    for (const part of listLiveParts(root, table)) {
      if (part.topic !== topic || part.partition !== partition) continue;
      seen.set(`${part.first}-${part.last}`, {
        topic,
        partition,
        first: part.first,
        last: part.last,
      });
    }
  }
  return [...seen.values()].sort((a, b) => a.first - b.first || a.last - b.last);
}

function byPlace(a: LivePart, b: LivePart): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition || a.first - b.first || a.last - b.last;
}

function list(dir: string): Deno.DirEntry[] {
  try {
    return [...Deno.readDirSync(dir)];
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return [];
    throw new Error(`Cannot list lake directory ${dir}: ${errorText(cause)}`, { cause });
  }
}
