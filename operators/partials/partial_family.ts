/**
 * Reports from partial state: each partition of the live stream keeps a partial state of a family
 * of reports; snapshots of every partition (from any instance, through the results store) merge
 * into one state that finishes into the report rows. Snapshots are whole, never deltas: a
 * partition's newer snapshot replaces its older one, so a snapshot written twice (after a crash
 * or by a fenced owner) never counts twice.
 *
 * The law every family keeps (tested with partitions of `data/sample` and generated data): for
 * any split of a clean stream into partitions that keeps each key's records together (activity
 * and transactions by user, inventory and reviews by product) and in order,
 * `finish(merge(snapshots))` equals the rows the report operators of `pipeline/graph/analytics.ts`
 * emit over the whole stream up to its completion.
 *
 * @module
 */

import type { AnyBatch, TableName } from "../types.ts";
import type { GraphReportName, ReportRows } from "../registry.ts";
import type { SpikeOptions } from "../spike_alerts.ts";

/** A JSON value: what a snapshot may hold (it crosses the results store as JSON text). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The rows of some reports, by name. */
export type FamilyRows<K extends GraphReportName> = { [N in K]: ReportRows[N][] };

/** Parameters the report operators take (as `AnalyticsOptions` in `pipeline/graph`). */
export interface PartialOptions {
  /** Join lookback for purchase behaviour, ms. */
  lookback: number;
  /** Spike detection parameters (defaults in `spike_alerts.ts`). */
  spike: Partial<SpikeOptions>;
  /** Number of products per month in `top_products`. */
  topN: number;
}

/** One partition's working state of a family. */
export interface PartitionPartial<S extends Json> {
  /**
   * Folds one clean, watermarked batch of the partition, in arrival order (batches of tables
   * the family does not read are ignored).
   */
  add(batch: AnyBatch): void;
  /**
   * The partition's contribution as if its input ended now (open months and pending joins
   * included). Does not change the state: later batches still count. JSON-safe:
   * `JSON.parse(JSON.stringify(s))` deep-equals `s`.
   */
  snapshot(): S;
}

/** A family of reports computed from mergeable per-partition state. */
export interface PartialFamily<S extends Json, K extends GraphReportName> {
  /** A short name, used as the store key of its snapshots. */
  readonly name: string;
  /** The reports it finishes. */
  readonly reports: readonly K[];
  /** The tables it reads. */
  readonly tables: readonly TableName[];
  /** A fresh partition state. */
  create(): PartitionPartial<S>;
  /** Combines snapshots of distinct partitions; pure, and the result does not depend on order. */
  merge(snapshots: readonly S[]): S;
  /** The report rows of merged state. */
  finish(merged: S): FamilyRows<K>;
}
