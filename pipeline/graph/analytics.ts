/**
 * Wires the analytics operators onto the clean batch stream: one stream of report rows per
 * report name. The same wiring serves replay and live.
 *
 * @module
 */

import { type Observable, share } from "rxjs";
import type { AnyBatch } from "../../operators/types.ts";
import {
  activeUsersRows,
  conversionRows,
  eventCountRows,
  minuteActivity,
} from "../../operators/minute_activity.ts";
import { spikeAlerts, type SpikeOptions } from "../../operators/spike_alerts.ts";
import { monthlyRevenue } from "../../operators/monthly_revenue.ts";
import { topProducts } from "../../operators/top_products.ts";
import { inventoryTurnover } from "../../operators/inventory_turnover.ts";
import { purchaseBehavior } from "../../operators/purchase_behavior.ts";
import { ratings, ratingsByCategory } from "../../operators/ratings.ts";
import { quality } from "../../operators/quality.ts";
import { productNames } from "../../operators/product_names.ts";
import type { GraphReportName, ReportRows } from "../../operators/registry.ts";

/** Parameters of the analytics operators. */
export interface AnalyticsOptions {
  /** Join lookback for purchase behaviour, ms. */
  lookback: number;
  /** Spike detection parameters (defaults in `spike_alerts.ts`). */
  spike: Partial<SpikeOptions>;
  /** Number of products per month in `top_products`. */
  topN: number;
}

/** One stream of row micro-batches per report the graph computes, typed by the registry. */
export type ReportStreams = { [K in GraphReportName]: Observable<ReportRows[K][]> };

/**
 * Attaches every report operator to `clean`. The per-minute reports come from
 * `minuteActivity()`, the operator live runs per partition too (with `emitOpen`).
 *
 * @param clean clean, watermarked batches (hot)
 * @param options analytics parameters
 * @returns report streams keyed by report name
 */
export function analytics(clean: Observable<AnyBatch>, options: AnalyticsOptions): ReportStreams {
  // The three per-minute reports share one pass over the clickstream.
  const minutes = clean.pipe(minuteActivity(), share());
  const counts = minutes.pipe(eventCountRows(), share());
  return {
    monthly_revenue: clean.pipe(monthlyRevenue()),
    top_products: clean.pipe(topProducts(options.topN)),
    top_products_by_revenue: clean.pipe(topProducts(options.topN, "revenue")),
    inventory_turnover: clean.pipe(inventoryTurnover()),
    purchase_behavior: clean.pipe(purchaseBehavior({ lookback: options.lookback })),
    active_users: minutes.pipe(activeUsersRows()),
    conversion: minutes.pipe(conversionRows()),
    event_counts: counts,
    alerts: counts.pipe(spikeAlerts(options.spike)),
    ratings: clean.pipe(ratings()),
    ratings_by_category: clean.pipe(ratingsByCategory()),
    quality: clean.pipe(quality()),
    products: clean.pipe(productNames()),
  };
}
