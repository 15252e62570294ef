/**
 * Test harness of the partial-state law (see `operators/partials/partial_family.ts`): the clean
 * stream of a folder of input files as replay sees it, that stream split into partitions the way
 * the Kafka topics are keyed, and the rows the report operators give over the whole stream.
 *
 * @module
 */

import { from, lastValueFrom, Subject, toArray } from "rxjs";
import type { AnyBatch, RawBatch, TableName } from "../../../operators/types.ts";
import { fileSource, resolveInputs, tableForFile } from "../../../pipeline/sources/file_source.ts";
import { cleanChain } from "../../../pipeline/graph/clean_chain.ts";
import { analytics } from "../../../pipeline/graph/analytics.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { watermark } from "../../../operators/watermark.ts";
import { DEFAULT_LATENESS_MS } from "../../../operators/watermark.ts";
import {
  type GraphReportName,
  REPORT_NAMES,
  type ReportRows,
} from "../../../operators/registry.ts";
import type {
  FamilyRows,
  Json,
  PartialFamily,
  PartialOptions,
} from "../../../operators/partials/partial_family.ts";

/** The analytics parameters replay uses by default. */
export const DEFAULT_PARTIAL_OPTIONS: PartialOptions = {
  lookback: 86_400_000,
  spike: {},
  topN: 10,
};

/** `data/sample`, the committed small history. */
export const SAMPLE_DIR = new URL("../../../data/sample/", import.meta.url).pathname;

/**
 * The clean batches of every input file of `dir`, in replay's order (an empty batch per table,
 * then always the table furthest behind in event time), each stamped with its table's watermark.
 *
 * @param dir a folder of input files named for their tables
 * @param lateness allowed lateness, ms (replay's default)
 */
export async function cleanBatchesOf(
  dir: string,
  lateness = DEFAULT_LATENESS_MS,
): Promise<AnyBatch[]> {
  const byTable = new Map<TableName, string[]>();
  for (const path of await resolveInputs(dir)) {
    const table = tableForFile(path);
    if (table === undefined) continue;
    byTable.set(table, [...byTable.get(table) ?? [], path]);
  }
  const sources = [...byTable].map(([table, paths]) => ({
    table,
    iterator: fileSource({ table, paths, batchSize: 500 })[Symbol.asyncIterator](),
    latest: -Infinity,
    done: false,
  }));
  const input = new Subject<RawBatch>();
  const out: AnyBatch[] = [];
  const key = new TextEncoder().encode("a test key of sixteen characters or more");
  cleanChain(input, { pseudonym: createPseudonymizer(key), lateness }).subscribe((b) => {
    out.push(b);
    const source = sources.find((s) => s.table === b.table);
    for (const r of b.records) {
      if (source && r.eventTime > source.latest) source.latest = r.eventTime;
    }
  });
  // As replay does: an empty batch per table first, so multi-table operators know every table.
  for (const s of sources) {
    input.next({ table: s.table, records: [], quarantine: [], bytesRead: 0, bytesTotal: 0 });
  }
  for (;;) {
    const open = sources.filter((s) => !s.done);
    if (open.length === 0) break;
    const next = open.reduce((a, b) => (b.latest < a.latest ? b : a));
    const step = await next.iterator.next();
    if (step.done) next.done = true;
    else input.next(step.value);
  }
  input.complete();
  return out;
}

/** FNV-1a of a string: a stable stand-in for Kafka's murmur2 key hash. */
export function keyHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The key the topics are partitioned by: user for activity and transactions, else product. */
export function partitionKey(batch: AnyBatch, index: number): string {
  switch (batch.table) {
    case "activity":
      return batch.records[index].userId;
    case "transactions":
      return batch.records[index].userId;
    case "inventory":
      return batch.records[index].productId;
    case "reviews":
      return batch.records[index].productId ?? batch.records[index].reviewId;
  }
}

/**
 * Splits a clean stream into `count` partitions: each record goes to `hash(key) mod count`,
 * quarantine rows round-robin; each partition's batches are stamped again with that partition's
 * own watermarks, as a live partition's graph would stamp them.
 *
 * @returns per partition, its clean batches in arrival order
 */
export async function splitIntoPartitions(
  batches: readonly AnyBatch[],
  count: number,
  lateness = DEFAULT_LATENESS_MS,
): Promise<AnyBatch[][]> {
  const parts: AnyBatch[][] = Array.from({ length: count }, () => []);
  let q = 0;
  for (const batch of batches) {
    const records: unknown[][] = parts.map(() => []);
    const quarantine: AnyBatch["quarantine"][] = parts.map(() => []);
    for (let i = 0; i < batch.records.length; i++) {
      records[keyHash(partitionKey(batch, i)) % count].push(batch.records[i]);
    }
    for (const row of batch.quarantine) quarantine[q++ % count].push(row);
    for (let p = 0; p < count; p++) {
      parts[p].push(
        { table: batch.table, records: records[p], quarantine: quarantine[p] } as AnyBatch,
      );
    }
  }
  return await Promise.all(
    parts.map((list) => lastValueFrom(from(list).pipe(watermark({ lateness }), toArray()))),
  );
}

/** Every row each report operator emits over the whole stream, up to its completion. */
export async function operatorRows(
  batches: readonly AnyBatch[],
  options: PartialOptions = DEFAULT_PARTIAL_OPTIONS,
): Promise<{ [K in GraphReportName]: ReportRows[K][] }> {
  const input = new Subject<AnyBatch>();
  const streams = analytics(input, options);
  const rows = {} as { [K in GraphReportName]: ReportRows[K][] };
  const done: Promise<unknown>[] = [];
  for (const name of REPORT_NAMES) {
    const list: unknown[] = [];
    (rows as Record<string, unknown[]>)[name] = list;
    done.push(
      new Promise((resolve, reject) =>
        (streams[name] as import("rxjs").Observable<unknown[]>).subscribe({
          next: (chunk) => list.push(...chunk),
          error: reject,
          complete: () => resolve(undefined),
        })
      ),
    );
  }
  for (const batch of batches) input.next(batch);
  input.complete();
  await Promise.all(done);
  return rows;
}

/**
 * Runs a family over partitions: each partition's state takes its batches, its snapshot goes
 * through JSON (as through the store), the snapshots merge (in reverse order too, to catch an
 * order-dependent merge) and finish.
 *
 * @returns the finished rows
 * @throws AssertionError-like Error when merging in another order gives other rows
 */
export function familyRows<S extends Json, K extends GraphReportName>(
  family: PartialFamily<S, K>,
  partitions: readonly (readonly AnyBatch[])[],
): FamilyRows<K> {
  const snapshots = partitions.map((batches) => {
    const state = family.create();
    for (const batch of batches) state.add(batch);
    return JSON.parse(JSON.stringify(state.snapshot())) as S;
  });
  const rows = family.finish(family.merge(snapshots));
  const reversed = family.finish(family.merge([...snapshots].reverse()));
  if (JSON.stringify(rows) !== JSON.stringify(reversed)) {
    throw new Error(`${family.name}: merging in another order gives other rows`);
  }
  return rows;
}
