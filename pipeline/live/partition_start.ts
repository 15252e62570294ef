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
    };
  }
  let offset = progress?.offset;
  if (offset === undefined) {
    if (offsets === undefined) offset = "0";
    else if (fromBeginning) offset = offsets.low;
    else offset = offsets.committed ?? offsets.high;
  }
  const next = BigInt(offset);
  return {
    next,
    processed: next,
    resumeMark: -Infinity,
    watermark: -Infinity,
    heartbeats: [],
    quality: {},
  };
}
