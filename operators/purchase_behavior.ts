/**
 * Purchase behaviour per month: an interval join of product views with purchase lines, plus the
 * clickstream funnel rates.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";
import { roundRatio } from "./money.ts";
import { monthIndexKey, monthlyReport, OpenMonths } from "./month_window.ts";
import { RecentViews, type ViewMatch } from "./recent_views.ts";

/** One month of purchase behaviour. */
export interface PurchaseBehaviorRow {
  /** `YYYY-MM` (UTC) of the purchase lines and of the activity events. */
  month: string;
  /** Purchase transaction lines. */
  purchases: number;
  /** Purchase lines with at least one view of the product by the user in the lookback. */
  purchases_with_prior_views: number;
  /** Mean count of those views over purchases_with_prior_views (4 decimals; null if none). */
  avg_views_before_purchase: number | null;
  /** Median minutes from the first view in the lookback to the purchase (2 decimals; null if none). */
  median_minutes_first_view_to_purchase: number | null;
  /** Activity `cart` events / `view` events (4 decimals; null when no views). */
  view_to_cart_rate: number | null;
  /** Activity `purchase` events / `cart` events (4 decimals; null when no carts). */
  cart_to_purchase_rate: number | null;
}

/** Options of {@linkcode purchaseBehavior}. */
export interface PurchaseBehaviorOptions {
  /** How far before a purchase a view counts, in ms (inclusive). Default 24 hours. */
  lookback?: number;
}

interface BehaviorMonth {
  purchases: number;
  withViews: number;
  viewSum: number;
  /** Milliseconds from first view to purchase, one per purchase with views. */
  delays: number[];
  views: number;
  carts: number;
  purchaseEvents: number;
}

interface PendingPurchase {
  time: number;
  userId: string;
  productId: string;
  month: BehaviorMonth;
}

function byTime(a: PendingPurchase, b: PendingPurchase): number {
  return a.time - b.time;
}

function newMonth(): BehaviorMonth {
  return {
    purchases: 0,
    withViews: 0,
    viewSum: 0,
    delays: [],
    views: 0,
    carts: 0,
    purchaseEvents: 0,
  };
}

function median(delays: number[]): number | null {
  const n = delays.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(delays).sort();
  const half = n >> 1;
  // Even count: the mean of the two middle values; (a + b) / 2 / 60000 as one exact ratio.
  if (n % 2 === 0) return roundRatio(sorted[half - 1] + sorted[half], 120_000, 2);
  return roundRatio(sorted[half], 60_000, 2);
}

/**
 * Joins each purchase line of `transactions` with the same (pseudonymized) user's `view` events
 * of the same product in `[t − lookback, t]` from `activity`, and reports per month of the
 * purchase. A purchase is joined once the MIN of the watermarks of the two tables seen so far
 * has passed its time (so every view up to it has arrived), which makes the result independent
 * of arrival order within lateness. Views are kept only until the watermark passes
 * `view time + lookback`; pending purchases only until joined. Months close on the same
 * watermark; open months are flushed on completion.
 *
 * The median over an even count is the mean of the two middle values. Views are held in a
 * {@linkcode RecentViews} index; it keeps each view's user id string for up to the lookback, so
 * feed it pseudonymized ids (as the graph does), not slices of an input chunk.
 *
 * @param options `lookback` in ms (default 24 h), a finite number ≥ 0.
 * @returns An operator from batches to arrays of {@linkcode PurchaseBehaviorRow}, by month.
 */
export function purchaseBehavior(
  options: PurchaseBehaviorOptions = {},
): OperatorFunction<AnyBatch, PurchaseBehaviorRow[]> {
  const lookback = options.lookback ?? 86_400_000;
  if (!Number.isFinite(lookback) || lookback < 0) {
    throw new RangeError(
      `purchaseBehavior: lookback must be a finite number >= 0, got ${lookback}`,
    );
  }
  return monthlyReport(() => {
    const months = new OpenMonths(newMonth);
    const views = new RecentViews();
    const match: ViewMatch = { count: 0, first: Infinity };
    // Purchases waiting for the watermark, in time order from `next` on once `sorted`: a
    // transactions batch can run days ahead of the clickstream, and rescanning all its
    // purchases after every activity batch cost more than the whole join.
    let pending: PendingPurchase[] = [];
    let next = 0;
    let sorted = true;

    function join(purchase: PendingPurchase): void {
      const { count, first } = views.match(
        purchase.userId,
        purchase.productId,
        purchase.time - lookback,
        purchase.time,
        match,
      );
      if (count === 0) return;
      const month = purchase.month;
      month.withViews++;
      month.viewSum += count;
      month.delays.push(purchase.time - first);
    }

    return {
      tables: ["activity", "transactions"],
      add(batch: AnyBatch): void {
        if (batch.table === "activity") {
          const events = batch.records;
          for (let i = 0; i < events.length; i++) {
            const event = events[i];
            const type = event.eventType;
            const month = months.at(event.eventTime);
            if (type === "view") {
              if (month !== undefined) month.views++;
              views.add(event.userId, event.productId, event.eventTime);
            } else if (month === undefined) {
              continue;
            } else if (type === "cart") {
              month.carts++;
            } else if (type === "purchase") {
              month.purchaseEvents++;
            }
          }
        } else if (batch.table === "transactions") {
          const lines = batch.records;
          for (let i = 0; i < lines.length; i++) {
            const line = lines[i];
            if (line.type !== "purchase") continue;
            const month = months.at(line.eventTime);
            if (month === undefined) continue;
            month.purchases++;
            if (sorted && pending.length > next) {
              sorted = line.eventTime >= pending[pending.length - 1].time;
            }
            pending.push({
              time: line.eventTime,
              userId: line.userId,
              productId: line.productId,
              month,
            });
          }
        }
      },
      close(watermark: number): PurchaseBehaviorRow[] {
        if (!sorted) {
          pending = pending.slice(next).sort(byTime);
          next = 0;
          sorted = true;
        }
        // Join every purchase the watermark has passed (the order of joins does not matter).
        while (next < pending.length && pending[next].time < watermark) join(pending[next++]);
        if (next > 0 && 2 * next >= pending.length) {
          pending = pending.slice(next);
          next = 0;
        }
        // A purchase not yet seen has time >= watermark, so it needs views with time + lookback
        // >= watermark; older ones can go.
        views.dropBefore(watermark - lookback);
        const rows: PurchaseBehaviorRow[] = [];
        for (const [index, month] of months.close(watermark)) {
          rows.push({
            month: monthIndexKey(index),
            purchases: month.purchases,
            purchases_with_prior_views: month.withViews,
            avg_views_before_purchase: roundRatio(month.viewSum, month.withViews, 4),
            median_minutes_first_view_to_purchase: median(month.delays),
            view_to_cart_rate: roundRatio(month.carts, month.views, 4),
            cart_to_purchase_rate: roundRatio(month.purchaseEvents, month.carts, 4),
          });
        }
        return rows;
      },
    };
  });
}
