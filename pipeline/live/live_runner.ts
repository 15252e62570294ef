/**
 * The live runner: per owned partition, the same operators as replay; minute values (closed
 * minutes, and the open ones so far, which their closed value later replaces) committed
 * to the metrics store atomically with the partition's progress, so a crash, a rebalance or a
 * second instance never loses or double-counts a record.
 *
 * @module
 */

import type { RawBatch } from "../../operators/types.ts";
import { log } from "../log.ts";
import type { PartitionProgress } from "../store/metrics_store.ts";
import { PartitionState } from "./partition_state.ts";
import {
  newStreamStart,
  type PartitionStart,
  partitionStart,
  topicRecreated,
} from "./partition_start.ts";
import { commitWithRetry } from "./commit_with_retry.ts";

export type { SourceOffsets } from "./partition_start.ts";
import { splitRawBatch } from "./split_raw_batch.ts";

export type {
  CommittedBatch,
  LiveBatchMeta,
  LiveRunnerOptions,
  SourceControl,
} from "./live_runner_types.ts";
import type { LiveBatchMeta, LiveRunnerOptions } from "./live_runner_types.ts";

/**
 * Runs owned partitions through their graphs and commits the results. Every operation runs in
 * one queue, in call order, so batches, heartbeats and rebalances never interleave.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MemoryStore } from "../store/memory_store.ts";
 * const fields = { event_time: "2019-10-01T00:00:00Z", event_type: "view", product_id: "p1",
 *   user_id: "u1", user_session: "s1" };
 * const rawBatch = { table: "activity" as const, quarantine: [], bytesRead: 0, bytesTotal: 0,
 *   records: [{ source: "topic", position: "topic/0@0", raw: JSON.stringify(fields), fields }] };
 * const runner = new LiveRunner({ store: new MemoryStore(), group: "shopease",
 *   pseudonym: (id) => `p-${id}`, lateness: 30_000, idleTimeoutMs: 10_000, fromBeginning: true });
 * const meta = { partition: 0, firstOffset: "0", lastOffset: "0" };
 * const commitOffset = await runner.handleBatch(rawBatch, meta);
 * assert.equal(commitOffset, "0"); // its minute is still open: a restart reads offset 0 again
 * ```
 */
export class LiveRunner {
  readonly #opts: LiveRunnerOptions;
  readonly #now: () => number;
  readonly #states = new Map<number, PartitionState>();
  /** The store epoch each state was restored in; its commits carry it. */
  readonly #epochs = new Map<number, string>();
  /** Partitions owned; null when the source has no assignments (in-process: all it sends). */
  #owned: Set<number> | null = null;
  #epoch = "";
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;
  #eventsIn = 0;

  /** @param opts store, group, graph options, idle timeout and source control */
  constructor(opts: LiveRunnerOptions) {
    if (!(opts.idleTimeoutMs > 0)) {
      throw new RangeError(`idleTimeoutMs must be > 0; got ${opts.idleTimeoutMs}`);
    }
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** Records read at offsets not processed before, since start (valid and quarantined). */
  get eventsIn(): number {
    let n = this.#eventsIn;
    for (const state of this.#states.values()) n += state.newRecords;
    return n;
  }

  /** The watermark of each partition this runner holds, ms of event time. */
  watermarks(): Map<number, number> {
    return new Map([...this.#states].map(([p, s]) => [p, s.mark]));
  }

  /**
   * Takes a new assignment: every partition's state is dropped (a rebalance may have moved it,
   * and the store is the authority), then each owned partition is restored and sought to its
   * resume offset.
   *
   * @param partitions the partitions now owned
   */
  assign(partitions: number[]): Promise<void> {
    return this.#enqueue(async () => {
      this.#dropAll();
      this.#owned = new Set(partitions);
      if (partitions.length === 0) return;
      const stored = await this.#readProgress();
      for (const p of partitions) await this.#restore(p, stored.get(p));
    });
  }

  /**
   * Processes one batch of one partition and commits what it closed.
   *
   * @param batch the raw records of offsets `[firstOffset, lastOffset]`
   * @param meta partition and offsets
   * @returns the offset to commit to the source (the resume offset), or null for none
   */
  handleBatch(batch: RawBatch, meta: LiveBatchMeta): Promise<string | null> {
    return this.#enqueue(async () => {
      if (this.#stopped) return null;
      const p = meta.partition;
      if (this.#owned !== null && !this.#owned.has(p)) return null;
      let state = this.#states.get(p);
      if (state === undefined) {
        state = await this.#restore(p, (await this.#readProgress()).get(p));
      }
      let first = BigInt(meta.firstOffset);
      const last = BigInt(meta.lastOffset);
      if (first < state.next && await this.#recreated(state)) {
        // The source reset an offset the new topic does not have: start the new stream.
        this.#drop(p);
        await this.#restore(p, (await this.#readProgress()).get(p));
        return null;
      }
      if (last < state.next) return null; // delivered again: already processed here
      if (first < state.next) [, batch] = splitRawBatch(batch, state.next);
      if (first < state.next) first = state.next;
      if (first > state.next) {
        const seek = this.#opts.control?.seek;
        if (seek !== undefined && state.soughtTo !== state.next) {
          state.soughtTo = state.next;
          seek(p, state.next.toString());
          return null;
        }
        log.warn(
          `live: partition ${p} continues at ${first}; offsets ${state.next}..${
            first - 1n
          } are gone`,
        );
        state.skipTo(first);
      }
      try {
        state.take(batch, first, last, this.#now());
      } catch (error) {
        // The state is unusable; the next batch restores it from the store.
        this.#drop(p);
        throw error;
      }
      if (state.restoring) return null;
      return await this.#commit(state, meta);
    });
  }

  /**
   * Marks idle every partition without a batch for the idle timeout, and commits its progress
   * so the global watermark leaves it out. Call it about once a second.
   */
  tick(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#stopped) return;
      const now = this.#now();
      for (const state of [...this.#states.values()]) {
        if (now - state.lastMessageWall < this.#opts.idleTimeoutMs || !state.markIdle()) continue;
        const offset = await this.#commit(state, {});
        if (offset !== null) await this.#opts.control?.commit?.(state.partition, offset);
      }
    });
  }

  /**
   * Stops taking batches once the one in progress is committed (or its commit, retried while the
   * store fails, has failed once more); drops every state.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#enqueue(() => Promise.resolve(this.#dropAll()));
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #readProgress(): Promise<Map<number, PartitionProgress>> {
    const stored = await this.#opts.store.readProgress(this.#opts.group);
    this.#epoch = stored.epoch ?? await this.#opts.store.claimEpoch();
    // A new epoch has no progress: whatever was read belonged to the old one.
    return stored.epoch === this.#epoch ? stored.partitions : new Map();
  }

  /**
   * Whether the partition's topic was re-created under this state: a batch came below the next
   * offset expected, and the topic's high watermark is below what the state has processed (a
   * batch delivered again comes from a topic that still holds everything processed).
   */
  async #recreated(state: PartitionState): Promise<boolean> {
    const offsets = await this.#opts.control?.offsets?.(state.partition);
    return offsets !== undefined && BigInt(offsets.high) < state.processed;
  }

  /**
   * Creates a partition's state from its stored progress and seeks the source there. Stored
   * progress beyond the topic's high watermark belongs to a topic since deleted and re-created:
   * the partition then starts a new stream (see {@linkcode newStreamStart}), committed at once.
   */
  async #restore(p: number, progress: PartitionProgress | undefined): Promise<PartitionState> {
    const offsets = await this.#opts.control?.offsets?.(p);
    let start: PartitionStart;
    const recreated = progress !== undefined && offsets !== undefined &&
      topicRecreated(progress, offsets);
    if (recreated) {
      start = newStreamStart(progress, offsets);
      const topic = this.#opts.control?.topic ?? "the topic";
      log.warn(
        `live: ${topic} partition ${p} was re-created: it holds offsets ${offsets.low}..${
          BigInt(offsets.high) - 1n
        } (high watermark ${offsets.high}) but the store counted it up to offset ${
          progress.processed ?? progress.offset
        } (resume offset ${progress.offset}); counting the new topic's messages from offset ${start.next} as a new stream (stream ${start.stream}), the old topic's counts stay`,
      );
    } else {
      start = partitionStart(progress, offsets, this.#opts.fromBeginning);
    }
    const state = new PartitionState(p, start, this.#opts, this.#now());
    this.#states.set(p, state);
    this.#epochs.set(p, this.#epoch);
    this.#opts.control?.seek?.(p, start.next.toString());
    const from = start.next < start.processed
      ? `rebuilding ${start.next}..${start.processed - 1n}`
      : `from ${start.next}`;
    log.debug(`live: partition ${p} ${from}`);
    // Stored at once: the old progress would hide the new topic's messages from a restart.
    if (!recreated) return state;
    await this.#commit(state, {});
    return this.#states.get(p) ?? state; // a refused commit restored it again
  }

  /**
   * Commits a partition's closed values with its progress, retrying while the store is
   * unreachable. A stale or reset outcome restores from the store instead.
   *
   * @returns the resume offset to commit to the source, or null
   */
  async #commit(state: PartitionState, meta: Partial<LiveBatchMeta>): Promise<string | null> {
    const progress = state.progress();
    const values = state.takeValues();
    const update = {
      group: this.#opts.group,
      epoch: this.#epochs.get(state.partition),
      partitions: [progress],
      rows: values,
    };
    const outcome = await commitWithRetry(this.#opts.store, update, {
      stopped: () => this.#stopped,
      between: meta.heartbeat,
    });
    if (outcome === "committed") {
      this.#opts.onCommit?.({
        partition: state.partition,
        progress,
        values: values.length,
        timestamps: meta.timestamps,
        at: this.#now(),
      });
      return progress.offset;
    }
    if (outcome === "stale") {
      log.warn(`live: partition ${state.partition} is further in the store; restoring from it`);
      this.#drop(state.partition);
      await this.#restore(state.partition, (await this.#readProgress()).get(state.partition));
      return null;
    }
    log.warn("live: the metrics store lost its data (new epoch); rebuilding every partition");
    const partitions = this.#owned ?? new Set(this.#states.keys());
    this.#dropAll();
    const stored = await this.#readProgress();
    for (const p of partitions) await this.#restore(p, stored.get(p));
    return null;
  }

  #drop(p: number): void {
    const state = this.#states.get(p);
    if (state === undefined) return;
    this.#eventsIn += state.newRecords;
    state.close();
    this.#states.delete(p);
    this.#epochs.delete(p);
  }

  #dropAll(): void {
    for (const p of [...this.#states.keys()]) this.#drop(p);
  }
}
