/**
 * Column names of the native ("shopease") layouts: the columns of a CSV file without a header
 * row, and the fields the native decoders read.
 *
 * @module
 */

import type { TableName } from "./types.ts";

/** Native CSV columns per table, in file order. */
export const NATIVE_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  activity: [
    "event_time",
    "event_type",
    "product_id",
    "category_id",
    "category_code",
    "brand",
    "price",
    "user_id",
    "user_session",
    "event_id",
  ],
  transactions: [
    "transaction_id",
    "order_id",
    "user_id",
    "product_id",
    "quantity",
    "unit_price",
    "type",
    "timestamp",
    "country",
    "payment_method",
  ],
  inventory: [
    "product_id",
    "name",
    "category",
    "brand",
    "unit_cost",
    "price",
    "stock_level",
    "change",
    "warehouse",
    "updated_at",
  ],
  reviews: [
    "review_id",
    "user_id",
    "product_id",
    "order_id",
    "rating",
    "title",
    "body",
    "created_at",
  ],
};

/**
 * Native columns for a headerless file whose first row has `fieldCount` fields: trailing
 * optional columns (activity's `event_id`, transactions' `country` and `payment_method`) may be
 * left off; otherwise the full list.
 *
 * @param table The table the file belongs to.
 * @param fieldCount Fields in the file's first row.
 * @returns The column names to use for every row of that file.
 */
export function nativeColumnsFor(table: TableName, fieldCount: number): string[] {
  const all = NATIVE_COLUMNS[table];
  const required = table === "activity" ? 9 : table === "transactions" ? 8 : all.length;
  return fieldCount >= required && fieldCount < all.length ? all.slice(0, fieldCount) : all.slice();
}
