/**
 * Row shapes of the console's JSON API: the lake report rows, derived from the one registry
 * (`operators/registry.ts`, type-only imports that esbuild drops).
 *
 * @module
 */

export type {
  AlertEvent,
  HealthEvent,
  MetricsEvent,
  ReportEvent,
} from "../../server/console_events.ts";
import type { ReportJsonRows } from "../../operators/registry.ts";

/** A report's row as the JSON API serves it, derived from the registry's row types. */
type ApiRow<K extends keyof ReportJsonRows> = ReportJsonRows[K];

/** `/api/monthly_revenue` row. */
export type RevenueRow = ApiRow<"monthly_revenue">;

/** `/api/top_products` row. */
export type TopProductRow = ApiRow<"top_products">;

/** `/api/inventory_turnover` row. */
export type TurnoverRow = ApiRow<"inventory_turnover">;

/** `/api/purchase_behavior` row. */
export type BehaviorRow = ApiRow<"purchase_behavior">;

/** `/api/ratings` row. */
export type RatingRow = ApiRow<"ratings">;

/** `/api/ratings_by_category` row. */
export type CategoryRatingRow = ApiRow<"ratings_by_category">;

/** `/api/quality` row. */
export type QualityRow = ApiRow<"quality">;
