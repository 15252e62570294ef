/**
 * Where a partition starts: from its stored progress, or from the source's offsets when the
 * store has none.
 *
 * @module
 */

import type { PartitionProgress } from "../store/metrics_store.ts";

/** Where a partition starts, from its stored progress (or from scratch). */
export interface PartitionStart {
  /** First offset to read. */
  next: bigint;
  /** Outputs of offsets below this were committed by an earlier owner; they are rebuilt silently. */
  processed: bigint;
  /** Watermark before the record at `next` (-Infinity: none). */
  resumeMark: number;
  /** Watermark once `processed` was reached (-Infinity: none). */
  watermark: number;
  /** Idle heartbeats between `next` and `processed`: offset they came before, watermark. */
  heartbeats: [bigint, number][];
  /** Record counts by outcome up to `processed`. */
  quality: Record<string, number>;
  /** The partition's stream: how many times its topic was found re-created. */
  stream: number;
}

/** Offsets of one partition in the source. */
export interface SourceOffsets {
  /** First offset still retained. */
  low: string;
  /** Offset the next message will get. */
  high: string;
  /** The group's committed offset, or null. */
  committed: string | null;
}

/**
 * The start of a partition. Stored progress wins (the store is the authority: it holds the
 * results of everything before it). Without any, a partition starts at the earliest retained
 * offset when `fromBeginning`, else at the group's committed offset or the end; with no source
 * offsets at all (in-process source), at 0.
 *
 * @param progress the partition's stored progress, if any
 * @param offsets the source's offsets of the partition, when it has them
 * @param fromBeginning start a partition without progress at its earliest offset
 * @returns the start
 * @example
 * ```ts
 * partitionStart(undefined, { low: "120", high: "900", committed: "400" }, true).next; // 120n
 * ```
 */
export function partitionStart(
  progress: PartitionProgress | undefined,
  offsets: SourceOffsets | undefined,
  fromBeginning: boolean,
): PartitionStart {
  if (progress?.processed !== undefined) {
    return {
      next: BigInt(progress.offset),
      processed: BigInt(progress.processed),
      resumeMark: progress.resumeWatermark ?? -Infinity,
      watermark: progress.watermark ?? -Infinity,
      heartbeats: (progress.heartbeats ?? []).map(([o, m]) => [BigInt(o), m]),
      quality: progress.quality ?? {},
      stream: progress.stream ?? 0,
    };
  }
  let offset = progress?.offset;
  if (offset === undefined) {
    if (offsets === undefined) offset = "0";
    else if (fromBeginning) offset = offsets.low;
    else offset = offsets.committed ?? offsets.high;
  }
  return freshStart(BigInt(offset), {}, progress?.stream ?? 0);
}

/** A start at `next` with nothing to rebuild and no watermark yet. */
function freshStart(next: bigint, quality: Record<string, number>, stream: number): PartitionStart {
  return {
    next,
    processed: next,
    resumeMark: -Infinity,
    watermark: -Infinity,
    heartbeats: [],
    quality,
    stream,
  };
}

/**
 * Whether the topic was re-created under stored progress: its high watermark is below the offset
 * the progress has processed up to, so the topic no longer holds messages the store counted, and
 * its offsets below that are new messages, not ones delivered again. (A re-read after a restart
 * or a rebalance has the high watermark at or beyond the stored offset.)
 *
 * @param progress the partition's stored progress
 * @param offsets the topic's offsets of the partition now
 * @returns true when the stored progress belongs to a topic that no longer exists
 * @example
 * ```ts
 * const progress = { partition: 0, offset: "1500", processed: "1886" };
 * topicRecreated(progress, { low: "0", high: "986", committed: null }); // true
 * topicRecreated(progress, { low: "0", high: "1886", committed: null }); // false
 * ```
 */
export function topicRecreated(progress: PartitionProgress, offsets: SourceOffsets): boolean {
  return BigInt(progress.processed ?? progress.offset) > BigInt(offsets.high);
}

/**
 * The start of a partition whose topic was re-created: a new stream from the earliest offset the
 * new topic holds, with no watermark (its events owe nothing to the old topic's), the record
 * counts carried over (they are totals of the partition), and the next stream number, so its
 * values are stored beside the old stream's instead of replacing them.
 *
 * @param progress the old topic's stored progress
 * @param offsets the new topic's offsets of the partition
 * @returns the start
 */
export function newStreamStart(
  progress: PartitionProgress,
  offsets: SourceOffsets,
): PartitionStart {
  return freshStart(BigInt(offsets.low), { ...progress.quality }, (progress.stream ?? 0) + 1);
}
