/**
 * The metrics store contract shared by the Redis and in-memory implementations.
 *
 * Per-minute results are kept per Kafka partition and summed when read. The producer keys events
 * by user id, so the users and sessions of different partitions are disjoint and a minute's
 * distinct counts are sums over partitions. Writing a partition's value for a minute replaces
 * the previous one, so re-processing the same records (after a crash or a rebalance) cannot
 * count twice; the offsets the results came from are stored in the same atomic step.
 *
 * @module
 */

import type { ActiveUsersRow } from "../../operators/active_users.ts";
import type { ConversionRow } from "../../operators/conversion.ts";
import type { EventCountRow } from "../../operators/event_counts.ts";
import type { AlertRow } from "../../operators/alert_row.ts";
import type { JsonRow } from "../../operators/registry.ts";

/** The per-minute metrics the store keeps. */
export type MinuteMetric = "active_users" | "conversion" | "event_counts";

/**
 * The report row each metric reads back as, minutes as ISO text: the store (Redis keys, the
 * console's API) is an edge, where minutes are text.
 */
export interface MinuteRowOf {
  active_users: JsonRow<ActiveUsersRow>;
  conversion: JsonRow<ConversionRow>;
  event_counts: JsonRow<EventCountRow>;
}

/** An alert as the store keeps and publishes it: its minute as ISO text. */
export type StoredAlert = JsonRow<AlertRow>;

/**
 * One partition's result for one minute. `value` keys by metric: `active_users`: `active_users`;
 * `conversion`: `sessions`, `converted_sessions` (a `rate` key is ignored, it is recomputed);
 * `event_counts`: `view`, `cart`, `remove_from_cart`, `purchase`.
 */
export interface WindowValue {
  metric: MinuteMetric;
  partition: number;
  /**
   * The partition's stream (see {@linkcode PartitionProgress.stream}); values of different
   * streams are kept apart and summed, so a new stream never replaces an old one's values.
   */
  stream?: number;
  /** Start of the UTC minute, ISO-8601 (`2019-10-01T00:05:00.000Z`). */
  minute: string;
  value: Record<string, number>;
}

/**
 * One partition's progress, stored with its results. Only `partition` and `offset` are required;
 * the live runner fills in the rest, which is what a restart needs to resume exactly.
 */
export interface PartitionProgress {
  partition: number;
  /**
   * Next offset to consume after a restart, and the offset committed to Kafka: the first offset
   * of the earliest batch that still has a record in an open window (or `processed` when none).
   */
  offset: string;
  /** The offset after the last record processed; commits with it never move backwards. */
  processed?: string;
  /** The partition's watermark once `processed` was reached, ms of event time; null: none yet. */
  watermark?: number | null;
  /** The watermark just before the record at `offset`, where a restart starts it from. */
  resumeWatermark?: number | null;
  /** Largest event time up to `processed`, ms; null: none yet. */
  newest?: number | null;
  /**
   * True while the partition has had no message for the idle timeout: the global watermark
   * leaves it out (its own watermark does not move).
   */
  idle?: boolean;
  /**
   * Heartbeats between `offset` and `processed`: the offset each came before, its watermark.
   * Written by earlier versions, whose idle partitions moved their watermark by wall clock;
   * still replayed so their progress restarts exactly.
   */
  heartbeats?: [string, number][];
  /** Records of this partition up to `processed` by outcome: `valid` or a quarantine reason. */
  quality?: Record<string, number>;
  /**
   * How many times the partition's topic was found re-created (its high watermark below
   * `processed`), 0 or absent: never. Offsets are those of the latest stream; a commit of an
   * older stream is stale whatever its offsets.
   */
  stream?: number;
}

/** Results and the offsets they cover, committed together. */
export interface WindowCommit {
  /** Consumer group whose progress `partitions` records. */
  group: string;
  /** Per partition, its progress once these results are stored. */
  partitions: PartitionProgress[];
  rows: WindowValue[];
  /**
   * The store epoch (see {@linkcode MetricsStore.claimEpoch}) the writer's state was read in;
   * when the store's epoch differs (it lost its data), nothing is written and the commit
   * resolves `"reset"`. Omitted: no check.
   */
  epoch?: string;
}

/**
 * What a commit did: `committed`; `stale` when a partition's stored progress is already further
 * (`processed`, then `watermark`) than the commit's, so another owner got there first and
 * nothing was written; `reset` when the epoch did not match and nothing was written.
 */
export type CommitOutcome = "committed" | "stale" | "reset";

/** Every partition's stored progress for one group, and the store's epoch (null: none yet). */
export interface StoredProgress {
  epoch: string | null;
  partitions: Map<number, PartitionProgress>;
}

/** Stops an alert subscription; `ready` resolves once alerts are being received. */
export type AlertSubscription = (() => void) & { ready: Promise<void> };

/** Where live metrics, pipeline gauges and alerts are kept. */
export interface MetricsStore {
  /**
   * Atomically overwrites each partition's per-minute values, refreshes their TTL and records
   * the group's progress: all or nothing. A partition whose stored progress is further than
   * the commit's, or an epoch mismatch, writes nothing (see {@linkcode CommitOutcome}).
   */
  commitWindows(update: WindowCommit): Promise<CommitOutcome>;
  /** The offsets last committed for `group`, partition → next offset to consume. */
  appliedOffsets(group: string): Promise<Record<number, string>>;
  /** Every partition's progress last committed for `group`, and the current epoch. */
  readProgress(group: string): Promise<StoredProgress>;
  /**
   * The store's epoch, created when there is none. A store that loses its data (a Redis
   * restart without persistence) loses its epoch too, so writers holding the old one learn
   * that they must rebuild.
   */
  claimEpoch(): Promise<string>;
  /**
   * Rows of `metric` for the minutes from `fromMinute` to `toMinute` (both included, ISO-8601),
   * summed over partitions, in minute order (event counts: view, cart, remove_from_cart,
   * purchase within a minute). Minutes with nothing stored are absent.
   */
  queryMinutes<M extends MinuteMetric>(
    metric: M,
    fromMinute: string,
    toMinute: string,
  ): Promise<MinuteRowOf[M][]>;
  /**
   * Stores an alert in the capped list and publishes it, once per alert id and state.
   * Resolves true when the alert was new.
   */
  publishAlert(row: StoredAlert): Promise<boolean>;
  /** The latest alerts, newest first (at most 1000 are kept). */
  alerts(limit?: number): Promise<StoredAlert[]>;
  /** Calls `cb` with each alert published from now on, by any process sharing the store. */
  subscribeAlerts(cb: (row: StoredAlert) => void): AlertSubscription;
  /** Sets a pipeline health figure (events in, lag, watermark…). */
  setGauge(name: string, value: number): Promise<void>;
  /** All gauges by name. */
  getGauges(): Promise<Record<string, number>>;
  /** Releases connections and subscriptions. */
  close(): Promise<void>;
}

/** Settings common to both stores. */
export interface StoreOptions {
  /** Key prefix (default `shopease:`); tests use their own to stay apart. */
  prefix?: string;
  /** Lifetime of per-minute keys in seconds (default 7 days). */
  ttlSeconds?: number;
}

/** Alerts kept in the capped list. */
export const ALERTS_KEPT = 1000;

/** Default lifetime of per-minute keys: 7 days. */
export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
