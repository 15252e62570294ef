/**
 * Commits the rows one Kafka batch gave a lake table as live parts, exactly once.
 *
 * @module
 */

import { encodeRows } from "./encode_rows.ts";
import type { LakeTableName } from "./lake_schema.ts";
import { restoreLink, StagedVersion } from "./lake_versions.ts";
import { log } from "../log.ts";
import { listLiveParts, type LivePart } from "./live_part_index.ts";
import { livePartName, type OffsetRange } from "./live_part_name.ts";
import { makePartDir, writeFileAtomic } from "./part_files.ts";
import { partitionOf } from "./table_sink.ts";
import { withTableLock } from "./table_lock.ts";

/**
 * The lake already holds parts for offsets of this range that do not match the batch: the
 * ranges straddle, or the same range has other rows. The runner must stop: writing would double
 * or lose rows.
 */
export class LivePartConflictError extends Error {}

/**
 * What {@linkcode writeLiveParts} did: `written` (a new version holds the parts), `unchanged`
 * (the range was committed with these very bytes: nothing to do), `covered` (a compacted part
 * already holds the range), or `empty` (no rows, nothing written).
 */
export type LiveWriteStatus = "written" | "unchanged" | "covered" | "empty";

/** The outcome of {@linkcode writeLiveParts}. */
export interface LiveWriteResult {
  status: LiveWriteStatus;
  /** Paths relative to the table (`date=…/part-….parquet`) of the batch's parts. */
  parts: string[];
}

/**
 * Writes the rows a batch of `range` gave `table` as one part per date partition,
 * `<table>/date=D/part-<topic>-p<partition>-o<first>-<last>.parquet`, and makes them visible
 * together with one switch of the table's version (see `lake_versions.ts`), under the table's
 * lock. The bytes depend only on the rows and their order, so a batch read again after a crash
 * yields the same files:
 *
 * - no live part of this topic partition overlaps the range: the parts are written (each with a
 *   temporary name and a rename inside the staging version) and committed;
 * - the range was committed before (a part with exactly this range exists): every part must be
 *   identical, byte for byte, to the committed one, and nothing is written;
 * - a compacted part holds the range: nothing is written;
 * - anything else (a part straddles the range, the committed range has other rows or other
 *   dates): {@linkcode LivePartConflictError}, and the lake stays as it was.
 *
 * @param root Lake root (created when missing).
 * @param table The lake table.
 * @param range The batch's topic, partition and first and last offsets (of the messages read,
 *   whichever rows they gave this table).
 * @param rows The table's clean rows (canonical records, pseudonymized) or quarantine rows, in
 *   offset order; `eventTime` picks the date partition.
 * @returns What happened and the parts' paths.
 * @throws {LivePartConflictError} naming the conflicting part; Error naming a path that could
 *   not be written (the lake then stays as it was).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const root = Deno.makeTempDirSync();
 * const range = { topic: "shopease.reviews", partition: 0, first: 0, last: 9 };
 * const rows = [{ source: "reviews", position: "shopease.reviews/0@3", reason: "invalid_rating",
 *   raw: "", eventTime: 0 }];
 * const first = await writeLiveParts(root, "quarantine", range, rows);
 * assert.deepEqual(first.parts, [
 *   "date=1970-01-01/part-shopease.reviews-p0-o0000000000000000-0000000000000009.parquet",
 * ]);
 * assert.equal((await writeLiveParts(root, "quarantine", range, rows)).status, "unchanged");
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export async function writeLiveParts(
  root: string,
  table: LakeTableName,
  range: OffsetRange,
  rows: readonly { eventTime: number | null }[],
): Promise<LiveWriteResult> {
  const name = livePartName(range);
  if (rows.length === 0) return { status: "empty", parts: [] };
  const encoded = encodeByDate(table, rows);
  const parts = [...encoded.keys()].map((date) => `${date}/${name}`);
  return await withTableLock(root, table, () => {
    // Its link removed while this writer runs: the table would start afresh with this part.
    const restored = restoreLink(root, table);
    if (restored !== null) {
      log.warn(`${root}/${table} was missing: linked again to its last version ${restored}`);
    }
    const status = committedStatus(root, table, range, encoded);
    if (status !== null) return { status, parts };
    const stage = new StagedVersion(root, table);
    try {
      for (const [date, bytes] of encoded) {
        makePartDir(`${stage.dir}/${date}`);
        writeFileAtomic(`${stage.dir}/${date}`, name, bytes);
      }
      stage.commit();
    } catch (error) {
      stage.discard();
      throw error;
    }
    return { status: "written", parts };
  });
}

/** The rows of each date partition, in order, encoded; dates in name order. */
function encodeByDate(
  table: LakeTableName,
  rows: readonly { eventTime: number | null }[],
): Map<string, Uint8Array> {
  const byDate = new Map<string, { eventTime: number | null }[]>();
  for (const row of rows) {
    const date = partitionOf(row.eventTime);
    let list = byDate.get(date);
    if (list === undefined) byDate.set(date, list = []);
    list.push(row);
  }
  const encoded = new Map<string, Uint8Array>();
  for (const date of [...byDate.keys()].sort()) {
    encoded.set(date, encodeRows(table, byDate.get(date)!));
  }
  return encoded;
}

/**
 * `null` when the range is new to the lake; `unchanged` or `covered` when it is committed and
 * the batch agrees; throws when it does not.
 */
function committedStatus(
  root: string,
  table: string,
  range: OffsetRange,
  encoded: ReadonlyMap<string, Uint8Array>,
): LiveWriteStatus | null {
  const exact: LivePart[] = [];
  const covering: LivePart[] = [];
  for (const part of listLiveParts(root, table)) {
    if (part.topic !== range.topic || part.partition !== range.partition) continue;
    if (part.last < range.first || part.first > range.last) continue;
    if (part.first === range.first && part.last === range.last) exact.push(part);
    else if (part.first <= range.first && range.last <= part.last) covering.push(part);
    else throw conflict(table, range, part, "holds offsets on both sides of the batch's range");
  }
  if (exact.length === 0 && covering.length === 0) return null;
  const coveredDates = new Set(covering.map((part) => part.date));
  for (const part of exact) {
    const bytes = encoded.get(part.date);
    if (bytes === undefined) {
      throw conflict(table, range, part, "holds rows of a date the batch has none of");
    }
    if (!sameBytes(Deno.readFileSync(`${root}/${table}/${part.date}/${part.name}`), bytes)) {
      throw conflict(table, range, part, "has other rows than the batch (same range)");
    }
  }
  const exactDates = new Set(exact.map((part) => part.date));
  for (const date of encoded.keys()) {
    if (!exactDates.has(date) && !coveredDates.has(date)) {
      const part = exact[0] ?? covering[0];
      throw conflict(table, range, part, `was committed without the batch's rows of ${date}`);
    }
  }
  return covering.length > 0 ? "covered" : "unchanged";
}

function conflict(
  table: string,
  range: OffsetRange,
  part: LivePart,
  what: string,
): LivePartConflictError {
  return new LivePartConflictError(
    `lake part ${table}/${part.date}/${part.name} ${what}: ${range.topic} partition ` +
      `${range.partition} offsets ${range.first}-${range.last} cannot be written exactly once`,
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
