/**
 * The live lake runner: partition _n_ of every input topic through the graph replay composes,
 * each batch's clean and quarantine rows committed as lake parts named by its offset range, and
 * the partition's partial report state stored as a whole snapshot.
 *
 * Exactly once, without a progress store of its own: the lake's parts are the progress. A
 * partition this process starts to own (at start, after a rebalance, after a crash elsewhere)
 * is read again from its first offset, which rebuilds its state (watermarks, duplicate-id window,
 * report partials) exactly; re-read messages are cut at the ranges the lake already holds, so each
 * re-read batch either matches a committed part byte for byte (nothing is written), lies inside a
 * compacted part, or is new. A row is never doubled (an overlapping write is refused) nor lost
 * (a range is committed only with all its rows). The cost is the re-read: proportional to the
 * partition's history, on ownership changes only.
 *
 * @module
 */

import type { RawBatch, TableName } from "../../operators/types.ts";
import type { CleanOptions } from "../graph/clean_chain.ts";
import type { Decoders } from "../../operators/validate.ts";
import { log } from "../log.ts";
import { splitRawBatch } from "../live/split_raw_batch.ts";
import { cutAtRanges } from "../lake/cut_at_ranges.ts";
import { committedRanges } from "../lake/live_part_index.ts";
import type { OffsetRange } from "../lake/live_part_name.ts";
import { LivePartConflictError, writeLiveParts } from "../lake/write_live_parts.ts";
import type { LakeBatchMeta, LakeCommit, SeekTarget, SnapshotSink } from "./runner_ports.ts";
import { type AnyFamily, LakePartition } from "./lake_partition.ts";
import type { MarkerRuns } from "./marker_runs.ts";

export type { LakeBatchMeta, LakeCommit, SeekTarget, SnapshotSink } from "./runner_ports.ts";

/** Options of {@linkcode LakeRunner}. */
export interface LakeRunnerOptions {
  /** Lake root. */
  lake: string;
  /** Table → topic of every table read. */
  topics: Partial<Record<TableName, string>>;
  /** The cleaning chain's options (key, lateness, decoders, plausible time, dedupe window). */
  clean: CleanOptions;
  /**
   * Makes fresh decoders for a partition's chain. Some decoders count lines (Online Retail numbers
   * an invoice's lines), so each partition, and each rebuild of it, needs its own; without it every
   * partition uses `clean.decoders`.
   */
  newDecoders?: () => Decoders;
  /** Report families whose partial state each partition keeps. */
  families: readonly AnyFamily[];
  /** Where each partition's snapshot goes. */
  snapshots: SnapshotSink;
  /** Least time between two snapshots of one partition, ms (default 1000). */
  snapshotEveryMs?: number;
  /** Wall clock, ms (default `Date.now`). */
  now?: () => number;
  /** Called after each range's parts are in the lake (benchmarks time event → lake with it). */
  onCommit?: (commit: LakeCommit) => void;
  /** Offsets of the topics that hold only transaction markers. */
  markers?: MarkerRuns;
}

interface Owned {
  part: LakePartition;
  /** Committed ranges of each table's topic partition, as of the partition's (re)start. */
  ranges: Map<TableName, OffsetRange[]>;
  /** Where a fetch was last sought, per table (to tell a stale fetch from lost offsets). */
  soughtTo: Map<TableName, bigint>;
  dirty: boolean;
  lastSnapshot: number;
  /** Conflicts since the last batch that committed: a rebuild that keeps failing stops. */
  conflicts: number;
}

/**
 * Runs owned partitions. Every call runs in one queue, in call order, so batches, assignments and
 * flushes never interleave.
 */
export class LakeRunner {
  readonly #opts: LakeRunnerOptions;
  readonly #now: () => number;
  readonly #owned = new Map<number, Owned>();
  #queue: Promise<unknown> = Promise.resolve();
  #rows = 0;

  /** @param opts lake, topics, graph options, families and the snapshot sink */
  constructor(opts: LakeRunnerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** Records (valid and quarantined) committed or verified since start. */
  get rows(): number {
    return this.#rows;
  }

  /** The partitions owned now. */
  owned(): number[] {
    return [...this.#owned.keys()].sort((a, b) => a - b);
  }

  /** The next offset of `table`'s topic partition `partition` (null when not owned). */
  next(partition: number, table: TableName): bigint | null {
    return this.#owned.get(partition)?.part.next(table) ?? null;
  }

  /**
   * Takes a new assignment: partitions no longer owned are dropped; newly owned ones start from
   * offset 0 of every topic (their state is rebuilt); kept ones continue where they are.
   *
   * @param partitions partition numbers now owned
   * @param source where to seek
   */
  assign(partitions: readonly number[], source: SeekTarget): Promise<void> {
    return this.#enqueue(() => {
      const now = new Set(partitions);
      for (const [p, owned] of this.#owned) {
        if (!now.has(p)) {
          owned.part.close();
          this.#owned.delete(p);
        }
      }
      for (const p of now) {
        const owned = this.#owned.get(p);
        if (owned === undefined) this.#start(p, source);
        else {
          for (const table of this.#tables()) {
            source.seek(table, p, owned.part.next(table).toString());
            owned.soughtTo.set(table, owned.part.next(table));
          }
        }
      }
      log.debug(`live lake: owns partitions ${[...now].join(", ") || "none"}`);
      return Promise.resolve();
    });
  }

  /**
   * Processes one batch: runs it through the partition's graph, commits its parts, and stores a
   * snapshot when the last one is older than `snapshotEveryMs`.
   *
   * @param batch raw records of offsets `firstOffset … lastOffset` of one topic partition
   * @param meta table, topic, partition and offsets
   * @param source where to seek when the batch is not the one expected next
   * @throws Error when a part cannot be written (the partition then starts again from offset 0),
   *   or when the lake keeps refusing the partition's parts (another key or other input)
   */
  handle(batch: RawBatch, meta: LakeBatchMeta, source: SeekTarget): Promise<void> {
    return this.#enqueue(async () => {
      const { table, partition: p } = meta;
      const owned = this.#owned.get(p);
      if (owned === undefined) return;
      const next = owned.part.next(table);
      let first = BigInt(meta.firstOffset);
      const last = BigInt(meta.lastOffset);
      if (last < next) return; // read again: already taken
      if (first < next) {
        batch = splitRawBatch(batch, next)[1];
        first = next;
      }
      // Offsets before the batch that hold only transaction markers: nothing is missing.
      const afterMarkers = first > next &&
        (this.#opts.markers?.past(table, p, next) ?? next) >= first;
      if (first > next && !afterMarkers) {
        if (owned.soughtTo.get(table) !== next) {
          // A fetch from before the last seek: ask again from where the partition is.
          owned.soughtTo.set(table, next);
          source.seek(table, p, next.toString());
          return;
        }
        log.warn(
          `live lake: ${meta.topic} partition ${p} continues at ${first}; offsets ${next}..${
            first - 1n
          } are gone (retention), so its reports miss them`,
        );
      }
      try {
        await this.#take(owned, batch, meta, Number(first), Number(last));
      } catch (error) {
        if (!(error instanceof LivePartConflictError)) {
          this.#restart(p, source);
          throw error;
        }
        if (++owned.conflicts > 3) {
          this.#restart(p, source);
          throw new LivePartConflictError(
            `${error.message}, even read again from offset 0: the lake was written with ` +
              `another pseudonymization key or other settings, or the topic was recreated`,
          );
        }
        // Another owner committed a range this process had not seen: read again with it.
        log.warn(`live lake: ${error.message}; reading partition ${p} again`);
        const conflicts = owned.conflicts;
        this.#restart(p, source).conflicts = conflicts;
        return;
      }
      owned.conflicts = 0;
      owned.dirty = true;
      if (this.#now() - owned.lastSnapshot >= (this.#opts.snapshotEveryMs ?? 1000)) {
        await this.#snapshot(p, owned);
      }
    });
  }

  /** Stores the snapshot of every partition with unstored changes. */
  flush(): Promise<void> {
    return this.#enqueue(async () => {
      for (const [p, owned] of this.#owned) if (owned.dirty) await this.#snapshot(p, owned);
    });
  }

  /** Drops every partition (after the source stopped). */
  stop(): Promise<void> {
    return this.#enqueue(() => {
      for (const owned of this.#owned.values()) owned.part.close();
      this.#owned.clear();
      return Promise.resolve();
    });
  }

  #tables(): TableName[] {
    return Object.keys(this.#opts.topics) as TableName[];
  }

  #start(p: number, source: SeekTarget): Owned {
    const ranges = new Map<TableName, OffsetRange[]>();
    for (const table of this.#tables()) {
      const topic = this.#opts.topics[table]!;
      ranges.set(table, committedRanges(this.#opts.lake, [table, "quarantine"], topic, p));
    }
    const owned: Owned = {
      part: new LakePartition(
        p,
        { ...this.#opts.clean, decoders: this.#opts.newDecoders?.() ?? this.#opts.clean.decoders },
        this.#opts.families,
      ),
      ranges,
      soughtTo: new Map(),
      dirty: false,
      lastSnapshot: -Infinity,
      conflicts: 0,
    };
    this.#owned.set(p, owned);
    for (const table of this.#tables()) {
      source.seek(table, p, "0");
      owned.soughtTo.set(table, 0n);
    }
    return owned;
  }

  #restart(p: number, source: SeekTarget): Owned {
    this.#owned.get(p)?.part.close();
    this.#owned.delete(p);
    return this.#start(p, source);
  }

  /** Cuts the batch at committed ranges and commits each piece's parts. */
  async #take(
    owned: Owned,
    batch: RawBatch,
    meta: LakeBatchMeta,
    first: number,
    last: number,
  ): Promise<void> {
    const { table, topic, partition } = meta;
    let rest = batch;
    for (const [from, to] of cutAtRanges(first, last, owned.ranges.get(table) ?? [])) {
      const [piece, after] = splitRawBatch(rest, BigInt(to) + 1n);
      rest = after;
      const clean = owned.part.take(piece, BigInt(to) + 1n);
      const range = { topic, partition, first: from, last: to };
      await writeLiveParts(this.#opts.lake, table, range, clean.records);
      await writeLiveParts(this.#opts.lake, "quarantine", range, clean.quarantine);
      this.#rows += clean.records.length + clean.quarantine.length;
      this.#opts.onCommit?.({ table, topic, partition, first: from, last: to, at: this.#now() });
    }
  }

  async #snapshot(p: number, owned: Owned): Promise<void> {
    owned.dirty = false;
    owned.lastSnapshot = this.#now();
    await this.#opts.snapshots.put(p, owned.part.snapshot());
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}
