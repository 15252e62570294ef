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
  key: string;
  month: BehaviorMonth;
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

/** Views are indexed for eviction by the hour in which they stop being needed. */
const EXPIRY_BUCKET_MS = 3_600_000;

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
 * The median over an even count is the mean of the two middle values.
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
    const views = new Map<string, number[]>();
    const expiry = new Map<number, string[]>();
    let pending: PendingPurchase[] = [];
    let pendingMin = Infinity;

    function join(purchase: PendingPurchase): void {
      const times = views.get(purchase.key);
      if (times === undefined) return;
      const from = purchase.time - lookback;
      let count = 0;
      let first = Infinity;
      for (let i = 0; i < times.length; i++) {
        const time = times[i];
        if (time < from || time > purchase.time) continue;
        count++;
        if (time < first) first = time;
      }
      if (count === 0) return;
      const month = purchase.month;
      month.withViews++;
      month.viewSum += count;
      month.delays.push(purchase.time - first);
    }

    function evict(watermark: number): void {
      // A purchase not yet seen has time >= watermark, so it needs views with time + lookback >= it.
      for (const [bucket, keys] of expiry) {
        if ((bucket + 1) * EXPIRY_BUCKET_MS > watermark) continue;
        for (const key of keys) {
          const times = views.get(key);
          if (times === undefined) continue;
          let kept = 0;
          for (let i = 0; i < times.length; i++) {
            if (times[i] + lookback >= watermark) times[kept++] = times[i];
          }
          if (kept === 0) views.delete(key);
          else times.length = kept;
        }
        expiry.delete(bucket);
      }
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
              const key = event.userId + "\u0000" + event.productId;
              const times = views.get(key);
              if (times === undefined) views.set(key, [event.eventTime]);
              else times.push(event.eventTime);
              const bucket = Math.floor((event.eventTime + lookback) / EXPIRY_BUCKET_MS);
              const keys = expiry.get(bucket);
              if (keys === undefined) expiry.set(bucket, [key]);
              else keys.push(key);
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
            if (line.eventTime < pendingMin) pendingMin = line.eventTime;
            pending.push({
              time: line.eventTime,
              key: line.userId + "\u0000" + line.productId,
              month,
            });
          }
        }
      },
      close(watermark: number): PurchaseBehaviorRow[] {
        // Rescan the buffer only when the watermark passed its oldest purchase.
        if (pendingMin < watermark) {
          const waiting: PendingPurchase[] = [];
          pendingMin = Infinity;
          for (let i = 0; i < pending.length; i++) {
            const purchase = pending[i];
            if (purchase.time < watermark) {
              join(purchase);
            } else {
              waiting.push(purchase);
              if (purchase.time < pendingMin) pendingMin = purchase.time;
            }
          }
          pending = waiting;
        }
        evict(watermark);
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
