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
import type { AlertRow } from "../../operators/spike_alerts.ts";

/** The per-minute metrics the store keeps. */
export type MinuteMetric = "active_users" | "conversion" | "event_counts";

/** The report row each metric reads back as. */
export interface MinuteRowOf {
  active_users: ActiveUsersRow;
  conversion: ConversionRow;
  event_counts: EventCountRow;
}

/**
 * One partition's result for one minute. `value` keys by metric: `active_users`: `active_users`;
 * `conversion`: `sessions`, `converted_sessions` (a `rate` key is ignored, it is recomputed);
 * `event_counts`: `view`, `cart`, `remove_from_cart`, `purchase`.
 */
export interface WindowValue {
  metric: MinuteMetric;
  partition: number;
  /** Start of the UTC minute, ISO-8601 (`2019-10-01T00:05:00.000Z`). */
  minute: string;
  value: Record<string, number>;
}

/** Results and the offsets they cover, committed together. */
export interface WindowCommit {
  /** Consumer group whose progress `partitions` records. */
  group: string;
  /** Per partition, the next offset to consume once these results are stored. */
  partitions: { partition: number; offset: string }[];
  rows: WindowValue[];
}

/** Stops an alert subscription; `ready` resolves once alerts are being received. */
export type AlertSubscription = (() => void) & { ready: Promise<void> };

/** Where live metrics, pipeline gauges and alerts are kept. */
export interface MetricsStore {
  /**
   * Atomically overwrites each partition's per-minute values, refreshes their TTL and records
   * the group's offsets: all or nothing.
   */
  commitWindows(update: WindowCommit): Promise<void>;
  /** The offsets last committed for `group`, partition → next offset to consume. */
  appliedOffsets(group: string): Promise<Record<number, string>>;
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
  publishAlert(row: AlertRow): Promise<boolean>;
  /** The latest alerts, newest first (at most 1000 are kept). */
  alerts(limit?: number): Promise<AlertRow[]>;
  /** Calls `cb` with each alert published from now on, by any process sharing the store. */
  subscribeAlerts(cb: (row: AlertRow) => void): AlertSubscription;
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
