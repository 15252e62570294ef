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
import { type BehaviorMonth, newBehaviorMonth, PurchaseViewJoin } from "./purchase_view_join.ts";

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

function median(delays: readonly number[]): number | null {
  const n = delays.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(delays).sort();
  const half = n >> 1;
  // Even count: the mean of the two middle values; (a + b) / 2 / 60000 as one exact ratio.
  if (n % 2 === 0) return roundRatio(sorted[half - 1] + sorted[half], 120_000, 2);
  return roundRatio(sorted[half], 60_000, 2);
}

/**
 * The report row of one month's sums.
 *
 * @param index the month index (see `monthIndex`)
 * @param month the month's sums, every purchase of it joined
 * @returns the row, ratios rounded
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newBehaviorMonth } from "./purchase_view_join.ts";
 * const month = { ...newBehaviorMonth(), purchases: 2, withViews: 2, viewSum: 3,
 *   delays: [60_000, 180_000] };
 * const row = behaviorRow(2024 * 12 + 9, month);
 * assert.deepEqual([row.month, row.avg_views_before_purchase,
 *   row.median_minutes_first_view_to_purchase], ["2024-10", 1.5, 2]);
 * ```
 */
export function behaviorRow(index: number, month: BehaviorMonth): PurchaseBehaviorRow {
  return {
    month: monthIndexKey(index),
    purchases: month.purchases,
    purchases_with_prior_views: month.withViews,
    avg_views_before_purchase: roundRatio(month.viewSum, month.withViews, 4),
    median_minutes_first_view_to_purchase: median(month.delays),
    view_to_cart_rate: roundRatio(month.carts, month.views, 4),
    cart_to_purchase_rate: roundRatio(month.purchaseEvents, month.carts, 4),
  };
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
 * The median over an even count is the mean of the two middle values. The join is a
 * {@linkcode PurchaseViewJoin}; it keeps each view's user id string for up to the lookback, so
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
    const months = new OpenMonths(newBehaviorMonth);
    const join = new PurchaseViewJoin(lookback, months);
    return {
      tables: ["activity", "transactions"],
      add(batch: AnyBatch): void {
        join.add(batch);
      },
      close(watermark: number): PurchaseBehaviorRow[] {
        join.joinBefore(watermark);
        const rows: PurchaseBehaviorRow[] = [];
        for (const [index, month] of months.close(watermark)) rows.push(behaviorRow(index, month));
        return rows;
      },
    };
  });
}
