/**
 * Merges a table's small live parts, without a moment in which a reader sees a row twice or
 * not at all.
 *
 * @module
 */

import { encodeRows } from "./encode_rows.ts";
import type { LakeTableName } from "./lake_schema.ts";
import { StagedVersion } from "./lake_versions.ts";
import { listLiveParts, type LivePart } from "./live_part_index.ts";
import { livePartName } from "./live_part_name.ts";
import { makePartDir, writeFileAtomic } from "./part_files.ts";
import { partRecords } from "./part_records.ts";
import { KEEP_REPLACED_MS, pruneVersions } from "./prune_versions.ts";
import { withTableLock } from "./table_lock.ts";
import { LivePartConflictError } from "./write_live_parts.ts";

/** Options of {@linkcode compactTable}. */
export interface CompactOptions {
  /** Merge a group only when it has at least this many parts (default 2). */
  minParts?: number;
  /** Leave a group alone when its rows would exceed this (default 1 048 576). */
  maxRows?: number;
}

/** What {@linkcode compactTable} did. */
export interface CompactResult {
  /** Parts merged away. */
  partsBefore: number;
  /** Parts written in their place. */
  partsAfter: number;
  rows: number;
}

/**
 * Merges, in every date partition of `table`, the live parts of each topic partition into one
 * part named by the range they span (`part-<topic>-p<n>-o<lowest first>-<highest last>`), rows
 * in offset order. The name keeps recording which offsets the part holds: a batch read again
 * within that range is recognized as committed, one straddling it is refused (see
 * `writeLiveParts`). Parts of different topic partitions are not merged, because one name can
 * hold one range only.
 *
 * Atomic for readers: under the table's lock, the merged files are written into a new version
 * of the table, every other file of the live version is hard-linked into it, the merged parts
 * are left out, and one rename switches the table's link (the commit protocol of
 * `lake_versions.ts`). A reader that resolved the link before the switch reads the old version
 * to its end; one after reads the new one: the same rows either way.
 *
 * @param root Lake root.
 * @param table The lake table.
 * @param options Thresholds.
 * @returns How many parts were merged into how many, and their rows.
 * @throws Error naming a part that cannot be read or a path that cannot be written (the live
 *   version stays as it was).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeLiveParts } from "./write_live_parts.ts";
 * const root = Deno.makeTempDirSync();
 * const row = { source: "reviews", position: "p", reason: "invalid_rating", raw: "",
 *   eventTime: 0 };
 * for (const first of [0, 10]) {
 *   const range = { topic: "shopease.reviews", partition: 0, first, last: first + 9 };
 *   await writeLiveParts(root, "quarantine", range, [row]);
 * }
 * assert.deepEqual(await compactTable(root, "quarantine"),
 *   { partsBefore: 2, partsAfter: 1, rows: 2 });
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export async function compactTable(
  root: string,
  table: LakeTableName,
  options: CompactOptions = {},
): Promise<CompactResult> {
  const minParts = Math.max(2, options.minParts ?? 2);
  const maxRows = options.maxRows ?? 1_048_576;
  // A table with no live parts needs no lock: nothing (not even the lock file) is created.
  if (listLiveParts(root, table).length === 0) return { partsBefore: 0, partsAfter: 0, rows: 0 };
  return await withTableLock(root, table, async () => {
    // What an earlier compaction left: a killed one's staging folder, and the versions it
    // replaced (once no reader can still be on them). Only the live writer pruned them, so a lake
    // compacted from cron kept them for good.
    pruneVersions(root, table, KEEP_REPLACED_MS);
    const result: CompactResult = { partsBefore: 0, partsAfter: 0, rows: 0 };
    const merged: { date: string; name: string; bytes: Uint8Array }[] = [];
    const drop = new Set<string>();
    for (const group of groups(listLiveParts(root, table))) {
      if (group.length < minParts) continue;
      const rows: Record<string, unknown>[] = [];
      for (const part of group) {
        const path = `${root}/${table}/${part.date}/${part.name}`;
        let records: Record<string, unknown>[];
        try {
          records = await partRecords(table, Deno.readFileSync(path));
        } catch (cause) {
          throw new Error(`Cannot read lake part ${path}: ${(cause as Error).message}`, { cause });
        }
        for (const record of records) rows.push(record);
      }
      if (rows.length > maxRows) continue;
      const first = group[0];
      const name = livePartName({
        topic: first.topic,
        partition: first.partition,
        first: first.first,
        last: Math.max(...group.map((part) => part.last)),
      });
      merged.push({ date: first.date, name, bytes: encodeRows(table, rows) });
      for (const part of group) drop.add(`${part.date}/${part.name}`);
      result.partsBefore += group.length;
      result.partsAfter += 1;
      result.rows += rows.length;
    }
    if (merged.length === 0) return result;
    const stage = new StagedVersion(root, table);
    try {
      for (const part of merged) {
        makePartDir(`${stage.dir}/${part.date}`);
        writeFileAtomic(`${stage.dir}/${part.date}`, part.name, part.bytes);
      }
      stage.commit({ drop });
    } catch (error) {
      stage.discard();
      throw error;
    }
    return result;
  });
}

/**
 * The parts of each (date, topic, partition), sorted by offset; parts whose ranges overlap are
 * a lake no writer of ours makes, so compaction refuses to guess which rows are the right ones.
 */
function groups(parts: readonly LivePart[]): LivePart[][] {
  const out: LivePart[][] = [];
  let current: LivePart[] = [];
  for (const part of parts) {
    const head = current[0];
    if (
      head !== undefined &&
      (head.date !== part.date || head.topic !== part.topic || head.partition !== part.partition)
    ) {
      out.push(current);
      current = [];
    }
    const previous = current[current.length - 1];
    if (previous !== undefined && part.first <= previous.last) {
      throw new LivePartConflictError(
        `lake parts ${part.date}/${previous.name} and ${part.date}/${part.name} overlap: ` +
          `compaction would double rows`,
      );
    }
    current.push(part);
  }
  if (current.length > 0) out.push(current);
  return out;
}
