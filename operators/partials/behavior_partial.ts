/**
 * The `purchase_behavior` report from per-partition partial state. A user's views and purchases
 * share a partition (both topics are keyed by user), so the purchase ⨝ prior-views join runs
 * whole inside one; partitions only exchange per-month sums and the delays the median needs.
 *
 * @module
 */

import type { AnyBatch, TableName } from "../types.ts";
import { monthIndex, monthIndexStart } from "../month_window.ts";
import { behaviorRow, type PurchaseBehaviorRow } from "../purchase_behavior.ts";
import {
  type BehaviorMonth,
  type BehaviorMonths,
  newBehaviorMonth,
  PurchaseViewJoin,
} from "../purchase_view_join.ts";
import type { PartialFamily, PartialOptions, PartitionPartial } from "./partial_family.ts";

/**
 * One month of a snapshot: `[month index, purchases, purchases with views, view sum, views,
 * carts, purchase events, delays]`, the delays (ms from first view to purchase, integers)
 * sorted and delta-coded: the first one, then each one's excess over the previous one.
 */
export type BehaviorMonthEntry = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number[],
];

/** A partition's (or merged) purchase behaviour: its months, in month order. */
export type BehaviorSnapshot = { months: BehaviorMonthEntry[] };

const TABLES: readonly TableName[] = ["activity", "transactions"];

/**
 * The purchase behaviour family. A partition runs the join of `purchaseBehavior` on its own
 * watermarks (the MIN of both tables', so a purchase is joined once every view up to it has
 * arrived) and keeps every month's sums; its snapshot also joins the purchases still waiting
 * against the views seen so far, as the operator does when its input completes.
 *
 * @param options `lookback` in ms (a finite number ≥ 0); the other options are not used
 * @returns the family of the `purchase_behavior` report
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const family = behaviorFamily({ lookback: 86_400_000, spike: {}, topN: 10 });
 * const view = { eventId: "e1", eventTime: Date.UTC(2024, 9, 1), eventType: "view" as const,
 *   productId: "p1", categoryId: null, categoryCode: null, brand: null, price: null,
 *   userId: "u1", userSession: "s1" };
 * const line = { transactionId: "t1", orderId: "o1", userId: "u1", productId: "p1",
 *   quantity: 1, unitPrice: 1, unitPriceMicros: 1_000_000, type: "purchase" as const,
 *   eventTime: view.eventTime + 120_000, country: null, paymentMethod: null };
 * const partition = family.create();
 * partition.add({ table: "activity", records: [view], quarantine: [] });
 * partition.add({ table: "transactions", records: [line], quarantine: [] });
 * const [row] = family.finish(family.merge([partition.snapshot()])).purchase_behavior;
 * assert.deepEqual([row.month, row.purchases_with_prior_views,
 *   row.median_minutes_first_view_to_purchase], ["2024-10", 1, 2]);
 * ```
 */
export function behaviorFamily(
  options: PartialOptions,
): PartialFamily<BehaviorSnapshot, "purchase_behavior"> {
  const lookback = options.lookback;
  if (!Number.isFinite(lookback) || lookback < 0) {
    throw new RangeError(`behaviorFamily: lookback must be a finite number >= 0, got ${lookback}`);
  }
  return {
    name: "behavior",
    reports: ["purchase_behavior"],
    tables: TABLES,
    create: () => behaviorPartition(lookback),
    merge(snapshots: readonly BehaviorSnapshot[]): BehaviorSnapshot {
      const months = new Map<number, BehaviorMonth>();
      for (const snapshot of snapshots) {
        for (const entry of snapshot.months) addEntry(months, entry);
      }
      return encode(months, (month) => month);
    },
    finish(merged: BehaviorSnapshot): { purchase_behavior: PurchaseBehaviorRow[] } {
      const months = new Map<number, BehaviorMonth>();
      for (const entry of merged.months) addEntry(months, entry);
      const rows: PurchaseBehaviorRow[] = [];
      for (const index of [...months.keys()].sort((a, b) => a - b)) {
        rows.push(behaviorRow(index, months.get(index)!));
      }
      return { purchase_behavior: rows };
    },
  };
}

/** One partition's join and months. */
function behaviorPartition(lookback: number): PartitionPartial<BehaviorSnapshot> {
  const months = new EveryMonth();
  const join = new PurchaseViewJoin(lookback, months);
  // The watermark of each table. Both count from the start, as they do for the operator once
  // replay has sent its empty batch of every table first: a partition whose first purchases
  // arrive after its clickstream has moved on must still find their views.
  let activity = -Infinity;
  let transactions = -Infinity;
  return {
    add(batch: AnyBatch): void {
      const mark = batch.watermark ?? -Infinity;
      if (batch.table === "activity") {
        if (mark > activity) activity = mark;
      } else if (batch.table === "transactions") {
        if (mark > transactions) transactions = mark;
      } else {
        return;
      }
      join.add(batch);
      join.joinBefore(activity < transactions ? activity : transactions);
    },
    snapshot(): BehaviorSnapshot {
      const copies = new Map<BehaviorMonth, BehaviorMonth>();
      for (const month of months.byIndex.values()) {
        copies.set(month, { ...month, delays: month.delays.slice() });
      }
      join.joinPendingInto((month) => copies.get(month)!);
      return encode(months.byIndex, (month) => copies.get(month)!);
    },
  };
}

/**
 * Every month seen, never closed: a live report shows the whole history, and a partition's
 * watermark cannot close a month for the others.
 */
class EveryMonth implements BehaviorMonths {
  readonly byIndex = new Map<number, BehaviorMonth>();
  // The last month used, as a time range, so a run of records in one month skips the lookup.
  #start = NaN;
  #end = NaN;
  #last: BehaviorMonth | undefined;

  at(time: number): BehaviorMonth {
    if (time >= this.#start && time < this.#end) return this.#last!;
    const index = monthIndex(time);
    let month = this.byIndex.get(index);
    if (month === undefined) this.byIndex.set(index, month = newBehaviorMonth());
    this.#start = monthIndexStart(index);
    this.#end = monthIndexStart(index + 1);
    this.#last = month;
    return month;
  }
}

/** Adds a snapshot's month into `months` (delays decoded). */
function addEntry(months: Map<number, BehaviorMonth>, entry: BehaviorMonthEntry): void {
  const [index, purchases, withViews, viewSum, views, carts, purchaseEvents, deltas] = entry;
  let month = months.get(index);
  if (month === undefined) months.set(index, month = newBehaviorMonth());
  month.purchases += purchases;
  month.withViews += withViews;
  month.viewSum += viewSum;
  month.views += views;
  month.carts += carts;
  month.purchaseEvents += purchaseEvents;
  let delay = 0;
  for (let i = 0; i < deltas.length; i++) month.delays.push(delay += deltas[i]);
}

/** The snapshot of `months` (each read through `view`), in month order. */
function encode(
  months: ReadonlyMap<number, BehaviorMonth>,
  view: (month: BehaviorMonth) => BehaviorMonth,
): BehaviorSnapshot {
  const entries: BehaviorMonthEntry[] = [];
  for (const index of [...months.keys()].sort((a, b) => a - b)) {
    const month = view(months.get(index)!);
    const sorted = Float64Array.from(month.delays).sort();
    const deltas: number[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) deltas[i] = sorted[i] - (i > 0 ? sorted[i - 1] : 0);
    entries.push([
      index,
      month.purchases,
      month.withViews,
      month.viewSum,
      month.views,
      month.carts,
      month.purchaseEvents,
      deltas,
    ]);
  }
  return { months: entries };
}
