/**
 * Decoder for the Olist product catalog export, as inventory `info` records.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import { isMissing, optionalTextOf, textOf } from "./decode_field.ts";
import type { InventoryUpdate, RawRecord } from "./types.ts";

/** The Olist products columns, in file order. */
export const OLIST_PRODUCT_COLUMNS: readonly string[] = [
  "product_id",
  "product_category_name",
  "product_name_lenght",
  "product_description_lenght",
  "product_photos_qty",
  "product_weight_g",
  "product_length_cm",
  "product_height_cm",
  "product_width_cm",
];

/**
 * The time stamped on catalog records, which carry none: 2016-09-01T00:00:00Z, the start of the
 * month of Olist's first order (2016-09-04), so the catalog is known before any order or review.
 */
export const OLIST_CATALOG_TIME: number = Date.UTC(2016, 8, 1);

/**
 * Creates a decoder of Olist catalog rows (`product_id, product_category_name, …`) into
 * {@linkcode InventoryUpdate}s of change `info`. The Portuguese category name is translated
 * through `translations` (Olist's `product_category_name_translation.csv`); a name the table
 * lacks is kept as written; an empty one becomes `""`, which `standardizeInventory` turns into
 * `unknown` (counted as `missing_category`).
 *
 * Olist publishes no product names, prices, stock or times, so: `name` is the product id,
 * brand, unit cost, price and warehouse are `null`, `stock_level` is 0 (a catalog entry, not a
 * stock count; the contract has no "unknown" level that survives standardization), and the event
 * time is `updatedAt`. Reason codes: `missing_field:product_id`; `invalid_value:<name>` for an
 * object or array where text belongs (JSON input).
 *
 * @param translations Portuguese category name → English name; empty to keep the names.
 * @param updatedAt Event time of every record, ms since the epoch (default
 * {@linkcode OLIST_CATALOG_TIME}).
 * @returns A decoder for the `inventory` table.
 *
 * @example
 * ```ts
 * const decode = createOlistProductDecoder(new Map([["perfumaria", "perfumery"]]));
 * decode({ source: "inventory", position: "p.csv:line 2", raw: "...", fields: {
 *   product_id: "1e9e8ef0", product_category_name: "perfumaria" } });
 * // { productId: "1e9e8ef0", name: "1e9e8ef0", category: "perfumery", change: "info", ... }
 * ```
 */
export function createOlistProductDecoder(
  translations: ReadonlyMap<string, string>,
  updatedAt: number = OLIST_CATALOG_TIME,
): Decoder<"inventory"> {
  const decode: Decoder<"inventory"> = (rec: RawRecord): InventoryUpdate | string => {
    const f = rec.fields;
    const productIdField = f.product_id;
    if (isMissing(productIdField)) return "missing_field:product_id";
    const productId = textOf(productIdField);
    if (productId === undefined) return "invalid_value:product_id";
    const categoryName = optionalTextOf(f.product_category_name);
    if (categoryName === undefined) return "invalid_value:category";
    const category = categoryName === null ? "" : translations.get(categoryName) ?? categoryName;
    return {
      productId,
      name: productId,
      category,
      brand: null,
      unitCost: null,
      price: null,
      stockLevel: 0,
      change: "info",
      warehouse: null,
      eventTime: updatedAt,
    };
  };
  decode.eventTimeOf = (): number => updatedAt;
  decode.idFields = [];
  decode.fields = OLIST_PRODUCT_COLUMNS;
  return decode;
}
