/**
 * Column layout of every report table, in the order the columns are written (JSON and Parquet).
 *
 * @module
 */

import type { ReportSchema } from "./lake/report_writer.ts";
import type { ReportName } from "./analytics.ts";

/** Report name → columns, but for the reports that share another's columns. */
const SCHEMAS: Record<Exclude<ReportName, "top_products_by_revenue"> | "summary", ReportSchema> = {
  monthly_revenue: [
    { name: "month", type: "string" },
    { name: "gross", type: "money" },
    { name: "refunds", type: "money" },
    { name: "returns", type: "money" },
    { name: "net", type: "money" },
    { name: "orders", type: "int" },
  ],
  top_products: [
    { name: "month", type: "string" },
    { name: "rank", type: "int" },
    { name: "product_id", type: "string" },
    { name: "units", type: "int" },
    { name: "revenue", type: "money" },
  ],
  inventory_turnover: [
    { name: "month", type: "string" },
    { name: "category", type: "string" },
    { name: "units_sold", type: "int" },
    { name: "opening_stock", type: "int" },
    { name: "closing_stock", type: "int" },
    { name: "avg_stock", type: "float" },
    { name: "turnover", type: "float" },
  ],
  purchase_behavior: [
    { name: "month", type: "string" },
    { name: "purchases", type: "int" },
    { name: "purchases_with_prior_views", type: "int" },
    { name: "avg_views_before_purchase", type: "float" },
    { name: "median_minutes_first_view_to_purchase", type: "float" },
    { name: "view_to_cart_rate", type: "float" },
    { name: "cart_to_purchase_rate", type: "float" },
  ],
  active_users: [
    { name: "minute", type: "string" },
    { name: "active_users", type: "int" },
  ],
  conversion: [
    { name: "minute", type: "string" },
    { name: "sessions", type: "int" },
    { name: "converted_sessions", type: "int" },
    { name: "rate", type: "float" },
  ],
  event_counts: [
    { name: "minute", type: "string" },
    { name: "event_type", type: "string" },
    { name: "count", type: "int" },
  ],
  alerts: [
    { name: "id", type: "string" },
    { name: "event_type", type: "string" },
    { name: "minute", type: "string" },
    { name: "count", type: "int" },
    { name: "baseline", type: "float" },
    { name: "zscore", type: "float" },
    { name: "state", type: "string" },
  ],
  ratings: [
    { name: "month", type: "string" },
    { name: "product_id", type: "string" },
    { name: "reviews", type: "int" },
    { name: "avg_rating", type: "float" },
  ],
  ratings_by_category: [
    { name: "month", type: "string" },
    { name: "category", type: "string" },
    { name: "reviews", type: "int" },
    { name: "avg_rating", type: "float" },
  ],
  quality: [
    { name: "source", type: "string" },
    { name: "reason", type: "string" },
    { name: "count", type: "int" },
  ],
  products: [
    { name: "product_id", type: "string" },
    { name: "name", type: "string" },
    { name: "category", type: "string" },
    { name: "brand", type: "string" },
  ],
  summary: [
    { name: "last_complete_month", type: "string" },
    { name: "latest_transaction", type: "string" },
    { name: "records", type: "int" },
    { name: "currency", type: "string" },
  ],
};

/** Report name → columns. */
export const REPORT_SCHEMAS: Record<ReportName | "summary", ReportSchema> = {
  ...SCHEMAS,
  // The same rows as top_products, ranked by revenue.
  top_products_by_revenue: SCHEMAS.top_products,
};
