/**
 * What the live runner takes and reports: its options, its source's controls, a batch's meta data
 * and a commit.
 *
 * @module
 */

import type { MetricsStore, PartitionProgress } from "../store/metrics_store.ts";
import type { PartitionGraphOptions } from "./partition_graph.ts";
import type { SourceOffsets } from "./partition_start.ts";

/** What the runner may ask of its source; an in-process source offers none of it. */
export interface SourceControl {
  /** The topic read, to name it in warnings. */
  topic?: string;
  /** Makes the partition's next batch start at `offset`. */
  seek?(partition: number, offset: string): void;
  /**
   * The partition's offsets: where a partition without stored progress starts, and whether the
   * topic was re-created under stored progress (its high watermark below it).
   */
  offsets?(partition: number): Promise<SourceOffsets>;
  /** Commits `offset` to the source outside a batch (after an idle heartbeat). */
  commit?(partition: number, offset: string): Promise<void>;
}

/** One batch from a source. */
export interface LiveBatchMeta {
  partition: number;
  firstOffset: string;
  lastOffset: string;
  /** When each message entered the source (Kafka timestamps), for latency figures. */
  timestamps?: number[];
  /** Keeps the source's group membership alive while a commit is retried. */
  heartbeat?(): Promise<void>;
}

/** A commit that reached the store. */
export interface CommittedBatch {
  partition: number;
  progress: PartitionProgress;
  /** Values (partition × minute × metric) written. */
  values: number;
  /** Timestamps of the batch that led to it (none for an idle heartbeat). */
  timestamps?: number[];
  /** Wall clock when the store acknowledged it. */
  at: number;
}

/** Options of {@linkcode LiveRunner}. */
export interface LiveRunnerOptions extends PartitionGraphOptions {
  store: MetricsStore;
  /** Consumer group: the key of the stored progress. */
  group: string;
  /**
   * A partition without batches this long (ms of wall clock) is marked idle: the global
   * watermark stops waiting for it. Its own watermark does not move.
   */
  idleTimeoutMs: number;
  /** Where a partition without stored progress starts: the earliest offset (true) or the group's. */
  fromBeginning: boolean;
  control?: SourceControl;
  /** Called after each successful commit. */
  onCommit?: (commit: CommittedBatch) => void;
  /** Wall clock, ms (default `Date.now`). The only wall clock the live pipeline reads. */
  now?: () => number;
}
