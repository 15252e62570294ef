/**
 * What the live lake runner is given and gives back: where it seeks, the batch it takes, where
 * its snapshots go, the commits it reports.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import type { PartitionSnapshot } from "./lake_partition.ts";

/** Where the runner moves a topic partition's next fetch. */
export interface SeekTarget {
  seek(table: TableName, partition: number, offset: string): void;
}

/** One batch of one topic partition. */
export interface LakeBatchMeta {
  table: TableName;
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
}

/** Where snapshots go (the Redis `SnapshotStore`, or anything with its `put`). */
export interface SnapshotSink {
  put(partition: number, snapshot: PartitionSnapshot): Promise<"stored" | "stale">;
}

/**
 * A range of one topic partition the lake now accounts for: its parts written or found
 * committed (none when the range gave the table no rows).
 */
export interface LakeCommit {
  table: TableName;
  topic: string;
  partition: number;
  /** First and last offset of the range. */
  first: number;
  last: number;
  /** Wall clock (the runner's `now`) once the range's parts were visible, ms. */
  at: number;
}
