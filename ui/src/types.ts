/**
 * Row shapes of the console's JSON API (the lake report rows).
 *
 * @module
 */

export type {
  AlertEvent,
  HealthEvent,
  MetricsEvent,
  ReportEvent,
} from "../../server/console_events.ts";

/** `/api/monthly_revenue` row. */
export interface RevenueRow {
  month: string;
  gross: number;
  refunds: number;
  returns: number;
  net: number;
  orders: number;
}

/** `/api/top_products` row. */
export interface TopProductRow {
  month: string;
  rank: number;
  product_id: string;
  units: number;
  revenue: number;
}

/** `/api/inventory_turnover` row. */
export interface TurnoverRow {
  month: string;
  category: string;
  units_sold: number;
  avg_stock: number;
  turnover: number | null;
}

/** `/api/purchase_behavior` row. */
export interface BehaviorRow {
  month: string;
  purchases: number;
  purchases_with_prior_views: number;
  avg_views_before_purchase: number | null;
  median_minutes_first_view_to_purchase: number | null;
  view_to_cart_rate: number | null;
  cart_to_purchase_rate: number | null;
}

/** `/api/ratings` row. */
export interface RatingRow {
  month: string;
  product_id: string;
  reviews: number;
  avg_rating: number;
}

/** `/api/ratings_by_category` row. */
export interface CategoryRatingRow {
  month: string;
  category: string;
  reviews: number;
  avg_rating: number;
}

/** `/api/quality` row. */
export interface QualityRow {
  source: string;
  reason: string;
  count: number;
}
