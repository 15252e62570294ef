/**
 * Runs the live lake: the four input topics through the graph into lake parts, partition
 * snapshots into Redis, and the reports, merged from every partition's snapshot, into
 * `<lake>/reports` whenever a snapshot changed.
 *
 * @module
 */

import type { Kafka } from "kafkajs";
import type { TableName } from "../../operators/types.ts";
import type { CleanOptions } from "../graph/clean_chain.ts";
import type { Decoders } from "../../operators/validate.ts";
import { log } from "../log.ts";
import { KEEP_REPLACED_MS, pruneVersions } from "../lake/prune_versions.ts";
import { compactTable } from "../lake/compact_table.ts";
import type { LakeTableName } from "../lake/lake_schema.ts";
import { withTableLock } from "../lake/table_lock.ts";
import { topicsSource } from "../kafka/topics_source.ts";
import type { AnyFamily } from "./lake_partition.ts";
import { type LakeCommit, LakeRunner } from "./lake_runner.ts";
import { finishReports, writeReports } from "./live_reports.ts";
import { SnapshotStore } from "./snapshot_store.ts";
import { endOffsets } from "./end_offsets.ts";
import { MarkerRuns } from "./marker_runs.ts";
import { claimLake } from "./claim_lake.ts";
import { keyCheckOf } from "../pseudonymizer.ts";
import { lockLake } from "../lake/lock_lake.ts";

/** Options of {@linkcode runLiveLake}. */
export interface LiveLakeOptions {
  kafka: Kafka;
  /** Table → topic. */
  topics: Partial<Record<TableName, string>>;
  /** Consumer group: instances in one group share the partitions of one lake. */
  group: string;
  /** Lake root. */
  lake: string;
  /** Redis URL of the snapshot store. */
  redisUrl: string;
  /** The cleaning chain's options. */
  clean: CleanOptions;
  /** Fresh decoders for each partition's chain (see `LakeRunnerOptions.newDecoders`). */
  newDecoders?: () => Decoders;
  /** The report families. */
  families: readonly AnyFamily[];
  /** Stop once every owned partition has read what its topics held at start. */
  untilCaughtUp: boolean;
  /**
   * How often small parts are compacted in the background, ms (default 60 000; 0: never, leave it
   * to `deno task compact`).
   */
  compactEveryMs?: number;
  /**
   * How often reports are rebuilt from changed snapshots, ms (default 2000; at least 4 × the
   * last rebuild's time, so rebuilding takes at most a fifth of the process as history grows).
   */
  refreshMs?: number;
  /**
   * Per table, the columns the format's decoder reads: message keys are matched against them in
   * any spelling (default: the native columns).
   */
  knownColumns?: Partial<Record<TableName, readonly string[]>>;
  /** The label of the format each table is read with (`formatLabels`; default native). */
  formats?: Partial<Record<TableName, string>>;
  /** Most records per batch of one topic partition (default 10 000). */
  maxRecords?: number;
  /** The input's currency, when known (the `summary` report). */
  currency?: string | null;
  /** Stops the run (SIGINT, SIGTERM). */
  signal?: AbortSignal;
  /** Called about once a second with records committed so far. */
  onProgress?: (rows: number) => void;
  /** Called after each range's parts are in the lake. */
  onCommit?: (commit: LakeCommit) => void;
  /** Called after each rewrite of `<lake>/reports`, with what it reflects. */
  onReports?: (written: ReportsWritten) => void;
}

/** One rewrite of the reports: when it was visible, and the progress of the snapshots it merged. */
export interface ReportsWritten {
  /** Wall clock (`Date.now`) once the new version of `<lake>/reports` was visible, ms. */
  at: number;
  /** Partition number → per table, the next offset its snapshot had not taken (decimal text). */
  offsets: Map<number, Partial<Record<TableName, string>>>;
}

/** What a run did. */
export interface LiveLakeSummary {
  /** Records (valid and quarantined) committed or verified. */
  rows: number;
  /** Times the reports were rewritten. */
  reportWrites: number;
  seconds: number;
}

/**
 * Runs until `signal` aborts or, with `untilCaughtUp`, until every owned partition has read its
 * topics to the end offsets they had at start. Reports are written one last time before it
 * returns.
 *
 * @throws Error naming the lake when it holds another dataset, Redis or Kafka when unreachable,
 *   or a part that could not be written
 */
export async function runLiveLake(opts: LiveLakeOptions): Promise<LiveLakeSummary> {
  const started = performance.now();
  // Held shared until the last reports are written: a replay (above all one with --replace, which
  // swaps the lake's folder) waits for this run instead of having it write into the replay's
  // tables, and this run waits for a replay (lock_lake.ts).
  // A stop while waiting for it (a replay writes the lake) ends the run before it claims anything.
  const lock = lockLake(opts.lake, { shared: true });
  const first = await Promise.race([lock, aborted(opts.signal)]);
  if (first === ABORTED) {
    lock.then((held) => held[Symbol.dispose]()).catch(() => {});
    return { rows: 0, reportWrites: 0, seconds: (performance.now() - started) / 1000 };
  }
  using _lake = first;
  const store = await SnapshotStore.connect(opts.redisUrl, `shopease:lake:${opts.group}`);
  // A new lake starts from nothing: snapshots of an earlier lake of this group would be ahead.
  // Cleared under the claim's lock, before another instance can find the lake and snapshot.
  try {
    await claimLake(
      opts.lake,
      opts.group,
      opts.topics,
      () => store.clear(),
      keyCheckOf(opts.clean.pseudonym),
    );
  } catch (error) {
    await store.close();
    throw error;
  }
  const markers = new MarkerRuns(); // reported by the source, read by the runner
  const runner = new LakeRunner({
    lake: opts.lake,
    topics: opts.topics,
    clean: opts.clean,
    newDecoders: opts.newDecoders,
    families: opts.families,
    snapshots: store,
    onCommit: opts.onCommit,
    markers,
  });
  const ends = opts.untilCaughtUp ? await endOffsets(opts.kafka, opts.topics) : null;
  let assignedOnce = false;
  let failure: unknown = null;
  const source = await topicsSource({
    kafka: opts.kafka,
    topics: opts.topics,
    groupId: opts.group,
    // Big batches for a backfill: each batch is one table version per table it feeds.
    maxRecords: opts.maxRecords ?? 10_000,
    knownColumns: opts.knownColumns,
    formats: opts.formats,
    consumerConfig: { maxBytesPerPartition: 4 * 1024 * 1024 },
    onBatch: async (batch, meta) => {
      try {
        await runner.handle(batch, meta, source);
      } catch (error) {
        // A part that cannot be written, or a lake that keeps refusing the partition's parts:
        // the run stops with that error (the lake keeps every committed part).
        failure ??= error;
        throw error;
      }
      // Kafka's committed offsets only show the group's lag: a restart reads from the lake.
      const next = runner.next(meta.partition, meta.table);
      if (next !== null) void source.commit(meta.table, meta.partition, next.toString());
    },
    onAssign: async (partitions, src) => {
      await runner.assign(partitions, src);
      assignedOnce = true;
    },
    onSkip: (table, partition, from, to) => markers.add(table, partition, from, to),
  });
  let reportWrites = 0;
  let seen = -1;
  const refresh = async () => {
    await runner.flush();
    const changes = await store.changes();
    if (changes === seen) return;
    seen = changes;
    const all = await store.all();
    const snapshots = [...all.values()];
    await writeReports(opts.lake, finishReports(opts.families, snapshots, opts.currency ?? null));
    reportWrites++;
    if (opts.onReports !== undefined) {
      const offsets = new Map([...all].map(([p, snapshot]) => [p, snapshot.offsets]));
      opts.onReports({ at: Date.now(), offsets });
    }
  };
  const caughtUp = () => {
    if (ends === null || !assignedOnce) return false;
    for (const p of runner.owned()) {
      for (const [table, offsets] of ends) {
        // A topic written in transactions ends in a marker that is never delivered.
        const next = runner.next(p, table);
        if (next === null || markers.past(table, p, next) < (offsets.get(p) ?? 0n)) {
          return false;
        }
      }
    }
    return true;
  };
  try {
    let lastRefresh = 0;
    let refreshCost = 0;
    let lastPrune = performance.now();
    let lastCompact = performance.now();
    const compactEvery = opts.compactEveryMs ?? 60_000;
    while (!opts.signal?.aborted && failure === null) {
      await sleep(200, opts.signal);
      if (failure !== null || caughtUp()) break;
      const now = performance.now();
      // Rebuilding the reports costs more as history grows: at most a fifth of the time goes there.
      if (now - lastRefresh >= Math.max(opts.refreshMs ?? 2000, 4 * refreshCost)) {
        lastRefresh = now;
        opts.onProgress?.(runner.rows);
        await refresh();
        refreshCost = performance.now() - now;
      }
      if (compactEvery > 0 && now - lastCompact >= compactEvery) {
        lastCompact = now;
        await compactTables(opts.lake, opts.topics);
      }
      if (now - lastPrune >= 30_000) {
        lastPrune = now;
        await pruneTables(opts.lake, opts.topics);
      }
    }
  } catch (error) {
    failure ??= error;
  } finally {
    await source.stop();
    // What the partitions took since their last snapshot, before they are dropped: after the
    // source stopped, so a batch that finished meanwhile is in it too (its parts are committed;
    // flushed before the stop, the last reports missed them and counted fewer rows than the
    // tables hold).
    if (failure === null) await runner.flush().catch((error) => failure ??= error);
    await runner.stop().catch(() => {});
  }
  try {
    if (failure === null) {
      seen = -1;
      await refresh();
    }
  } finally {
    await store.close();
  }
  if (failure !== null) throw failure;
  return { rows: runner.rows, reportWrites, seconds: (performance.now() - started) / 1000 };
}

const ABORTED = Symbol("aborted");

/** Resolves to `ABORTED` once `signal` aborts (never without a signal). */
function aborted(signal: AbortSignal | undefined): Promise<typeof ABORTED> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve(ABORTED);
    else signal?.addEventListener("abort", () => resolve(ABORTED), { once: true });
  });
}

/** Merges each table's small parts (per date and topic partition), as `deno task compact`. */
async function compactTables(lake: string, topics: Partial<Record<TableName, string>>) {
  for (const table of [...Object.keys(topics), "quarantine"] as LakeTableName[]) {
    const done = await compactTable(lake, table, { minParts: 4 });
    if (done.partsBefore > 0) {
      log.debug(
        `live lake: compacted ${done.partsBefore} parts of ${table} into ${done.partsAfter}`,
      );
    }
  }
}

async function pruneTables(lake: string, topics: Partial<Record<TableName, string>>) {
  for (const table of [...Object.keys(topics), "quarantine"]) {
    const removed = await withTableLock(
      lake,
      table,
      () => pruneVersions(lake, table, KEEP_REPLACED_MS),
    );
    if (removed > 0) log.debug(`live lake: pruned ${removed} old versions of ${table}`);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
