/**
 * The one registry of what flows through ShopEase: the input tables, the clickstream event types,
 * the quarantine reason codes, and every report with its columns and row type. The pipeline, the
 * server and the console (through `import type`, or plain imports of these constants, which
 * esbuild bundles) all read it, so a new report is one entry here plus its operator in
 * `pipeline/graph/analytics.ts`.
 *
 * @module
 */

import type { ActiveUsersRow } from "./active_users.ts";
import type { AlertRow } from "./alert_row.ts";
import type { ConversionRow } from "./conversion.ts";
import type { EventCountRow } from "./event_counts.ts";
import type { InventoryTurnoverRow } from "./inventory_turnover.ts";
import type { MonthlyRevenueRow } from "./monthly_revenue.ts";
import type { ProductNameRow } from "./product_names.ts";
import type { PurchaseBehaviorRow } from "./purchase_behavior.ts";
import type { QualityRow } from "./quality.ts";
import type { CategoryRatingRow, ProductRatingRow } from "./ratings.ts";
import type { TopProductRow } from "./top_products.ts";

/** The four input tables, in the order the lake lists them. */
export const TABLES = ["activity", "transactions", "inventory", "reviews"] as const;

/** One input table. */
export type TableName = (typeof TABLES)[number];

/** Clickstream event types (REES46 layout), in the order every per-type array uses. */
export const EVENT_TYPES = ["view", "cart", "remove_from_cart", "purchase"] as const;

/** One clickstream event type. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Quarantine reason codes. A code may carry the offending field after a colon
 * (`missing_field:user_id`, `invalid_number:quantity`, `invalid_value:rating`).
 */
export const QUARANTINE_REASONS = [
  "missing_field",
  "invalid_value",
  "invalid_number",
  "invalid_timestamp",
  "invalid_quantity",
  "invalid_price",
  "invalid_rating",
  "invalid_encoding",
  "implausible_time",
  "unknown_type",
  "unknown_change",
  "duplicate_id",
  "malformed_json",
  "malformed_csv",
  "format_mismatch",
  "late",
] as const;

/** A quarantine reason code, with or without its field. */
export type QuarantineReason =
  | (typeof QUARANTINE_REASONS)[number]
  | `${(typeof QUARANTINE_REASONS)[number]}:${string}`;

/**
 * Value types of report columns. `string` strings; `int` safe integers (Parquet int64); `float`
 * finite numbers (float64); `money` amounts rounded to cents (Parquet DECIMAL(18,2), JSON
 * numbers); `timestamp` ms since the epoch (Parquet timestamp[ms, UTC], JSON ISO string);
 * `minute` ms since the epoch of a minute start inside the graph, written as ISO-8601 text
 * (`2019-10-01T00:05:00.000Z`) in JSON and Parquet (utf8), the edge where minutes become text.
 */
export type ReportColumnType = "string" | "int" | "float" | "money" | "timestamp" | "minute";

/** One column of a report. */
export interface ReportColumn {
  name: string;
  type: ReportColumnType;
}

/** The ordered columns of a report; every column accepts `null`, a missing key means `null`. */
export type ReportSchema = readonly ReportColumn[];

/** The row of the `summary` report, written by a replay after its last batch. */
export interface SummaryRow {
  /** `YYYY-MM` of the last month with a full month of transactions before the latest. */
  last_complete_month: string | null;
  /** ISO-8601 time of the latest valid transaction. */
  latest_transaction: string | null;
  /** Records read (valid + quarantined). */
  records: number;
  /** ISO 4217 code of the input's money, when the format knows it. */
  currency: string | null;
}

/** Report name → its row type inside the graph (minutes as epoch ms). */
export interface ReportRows {
  monthly_revenue: MonthlyRevenueRow;
  top_products: TopProductRow;
  top_products_by_revenue: TopProductRow;
  inventory_turnover: InventoryTurnoverRow;
  purchase_behavior: PurchaseBehaviorRow;
  active_users: ActiveUsersRow;
  conversion: ConversionRow;
  event_counts: EventCountRow;
  alerts: AlertRow;
  ratings: ProductRatingRow;
  ratings_by_category: CategoryRatingRow;
  quality: QualityRow;
  products: ProductNameRow;
  summary: SummaryRow;
}

/** Any report name, `summary` included. */
export type ReportName = keyof ReportRows;

/** The reports the operator graph computes, in the order a replay writes them. */
export const REPORT_NAMES = [
  "monthly_revenue",
  "top_products",
  "top_products_by_revenue",
  "inventory_turnover",
  "purchase_behavior",
  "active_users",
  "conversion",
  "event_counts",
  "alerts",
  "ratings",
  "ratings_by_category",
  "quality",
  "products",
] as const satisfies readonly ReportName[];

/** A report the operator graph computes (every report but `summary`). */
export type GraphReportName = (typeof REPORT_NAMES)[number];

/** Every report file of a lake: the graph's, then `summary`. */
export const ALL_REPORT_NAMES: readonly ReportName[] = [...REPORT_NAMES, "summary"];

const TOP_PRODUCT_COLUMNS: ReportSchema = [
  { name: "month", type: "string" },
  { name: "rank", type: "int" },
  { name: "product_id", type: "string" },
  { name: "units", type: "int" },
  { name: "revenue", type: "money" },
];

/** Report name → its columns, in the order they are written (JSON and Parquet). */
export const REPORT_COLUMNS: { readonly [K in ReportName]: ReportSchema } = {
  monthly_revenue: [
    { name: "month", type: "string" },
    { name: "gross", type: "money" },
    { name: "refunds", type: "money" },
    { name: "returns", type: "money" },
    { name: "net", type: "money" },
    { name: "orders", type: "int" },
  ],
  top_products: TOP_PRODUCT_COLUMNS,
  top_products_by_revenue: TOP_PRODUCT_COLUMNS,
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
    { name: "minute", type: "minute" },
    { name: "active_users", type: "int" },
  ],
  conversion: [
    { name: "minute", type: "minute" },
    { name: "sessions", type: "int" },
    { name: "converted_sessions", type: "int" },
    { name: "rate", type: "float" },
  ],
  event_counts: [
    { name: "minute", type: "minute" },
    { name: "event_type", type: "string" },
    { name: "count", type: "int" },
  ],
  alerts: [
    { name: "id", type: "string" },
    { name: "event_type", type: "string" },
    { name: "minute", type: "minute" },
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

/**
 * A report row as the JSON API and the report files carry it: `minute` columns as ISO text.
 *
 * @example
 * ```ts
 * import type { ActiveUsersRow } from "./active_users.ts";
 * const row: JsonRow<ActiveUsersRow> = { minute: "2019-10-01T00:05:00.000Z", active_users: 3 };
 * ```
 */
export type JsonRow<R> = { [K in keyof R]: K extends "minute" ? string : R[K] };

/** Report name → its row as the JSON API serves it. */
export type ReportJsonRows = { [K in ReportName]: JsonRow<ReportRows[K]> };
