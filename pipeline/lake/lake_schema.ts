/**
 * Column layouts of the lake tables: which canonical field feeds which snake_case column, its
 * Arrow type, and how Parquet should encode it.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";

/** Lake tables: the four input tables plus `quarantine`. */
export type LakeTableName = TableName | "quarantine";

/** Every lake table, in the order summaries list them. */
export const LAKE_TABLES: readonly LakeTableName[] = [
  "activity",
  "transactions",
  "inventory",
  "reviews",
  "quarantine",
];

/**
 * How a column is stored:
 * `utf8` plain strings, `dict` dictionary-encoded strings (few distinct values),
 * `float64`, `int32`, `int64` (safe integers), `timestamp` (ms since epoch, UTC),
 * `decimal` exact money: Arrow `Decimal128(18, scale)`, Parquet `DECIMAL(18, scale)` on INT64,
 * from a field holding the amount as a number (the double nearest to the decimal), and `micros`
 * the same from a field already holding integer millionths (scale 6).
 */
export type ColumnKind = typeof COLUMN_KINDS[number];

/** Every {@linkcode ColumnKind}. */
export const COLUMN_KINDS = [
  "utf8",
  "dict",
  "float64",
  "int32",
  "int64",
  "timestamp",
  "decimal",
  "micros",
] as const;

/**
 * Decimal places of the lake's money columns: 6, the precision of the parsers
 * (`operators/parse_decimal.ts` reads every price into integer millionths), so each price the
 * formats accept (Online Retail has 0.001) is stored exactly and `sum(price)` in any engine
 * equals the sum of the prices that went in. Precision 18 holds every safe millionth count.
 */
export const MONEY_SCALE = 6;

/** Precision of every decimal column: at most 18 digits, stored as Parquet INT64. */
export const DECIMAL_PRECISION = 18;

/** One lake column. */
export interface ColumnSpec {
  /** Column name in the lake (snake_case). */
  name: string;
  /** Field of the canonical record (camelCase) that holds the value. */
  field: string;
  kind: ColumnKind;
  nullable: boolean;
  /**
   * Values are (nearly) all distinct, so a Parquet dictionary page would only cost time:
   * the writer stores these columns without one.
   */
  unique?: boolean;
  /** Decimal places of a `decimal` column (default {@linkcode MONEY_SCALE}). */
  scale?: number;
}

/** The event-time field of every canonical record and quarantine row; it picks the partition. */
export const EVENT_TIME_FIELD = "eventTime";

const col = (
  name: string,
  field: string,
  kind: ColumnKind,
  nullable = false,
  unique = false,
): ColumnSpec => ({ name, field, kind, nullable, unique });

/** Column layout of each lake table, in column order. */
export const LAKE_SCHEMAS: Readonly<Record<LakeTableName, readonly ColumnSpec[]>> = {
  activity: [
    col("event_id", "eventId", "utf8", false, true),
    col("event_time", "eventTime", "timestamp"),
    col("event_type", "eventType", "dict"),
    col("product_id", "productId", "utf8"),
    col("category_id", "categoryId", "utf8", true),
    col("category_code", "categoryCode", "dict", true),
    col("brand", "brand", "dict", true),
    col("price", "price", "decimal", true),
    col("user_id", "userId", "utf8"),
    col("user_session", "userSession", "utf8"),
  ],
  transactions: [
    col("transaction_id", "transactionId", "utf8", false, true),
    col("order_id", "orderId", "utf8"),
    col("user_id", "userId", "utf8"),
    col("product_id", "productId", "utf8"),
    col("quantity", "quantity", "int32"),
    col("unit_price", "unitPriceMicros", "micros"),
    col("type", "type", "dict"),
    col("timestamp", "eventTime", "timestamp"),
    col("country", "country", "dict", true),
    col("payment_method", "paymentMethod", "dict", true),
  ],
  inventory: [
    col("product_id", "productId", "utf8"),
    col("name", "name", "utf8"),
    col("category", "category", "dict"),
    col("brand", "brand", "dict", true),
    col("unit_cost", "unitCost", "decimal", true),
    col("price", "price", "decimal", true),
    // Nullable because the contract allows null before standardizeInventory has a level to
    // carry forward; a standardized stream never writes a null here.
    col("stock_level", "stockLevel", "int32", true),
    col("change", "change", "dict"),
    col("warehouse", "warehouse", "dict", true),
    col("updated_at", "eventTime", "timestamp"),
  ],
  reviews: [
    col("review_id", "reviewId", "utf8", false, true),
    col("user_id", "userId", "utf8", true),
    col("product_id", "productId", "utf8", true),
    col("order_id", "orderId", "utf8", true),
    col("rating", "rating", "int32"),
    col("title", "title", "utf8", true, true),
    col("body", "body", "utf8", true, true),
    col("created_at", "eventTime", "timestamp"),
  ],
  quarantine: [
    col("source", "source", "utf8"),
    col("position", "position", "utf8", false, true),
    col("reason", "reason", "dict"),
    col("raw", "raw", "utf8", false, true),
    col("event_time", "eventTime", "timestamp", true),
  ],
};
