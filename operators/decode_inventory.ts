/**
 * Decoder for the native inventory layout.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import {
  isMissing,
  microsOf,
  optionalTextOf,
  quarantineTimeOf,
  textOf,
  timeOf,
} from "./decode_field.ts";
import { INVENTORY_NOTES } from "./inventory_notes.ts";
import { parsePriceMicros, priceProblem } from "./parse_price.ts";
import type { ChangeType, InventoryUpdate, RawRecord } from "./types.ts";

/**
 * Decodes a native inventory row (`product_id, name, category, brand, unit_cost, price,
 * stock_level, change, warehouse, updated_at`) into an {@linkcode InventoryUpdate}, or returns
 * the first problem as a reason code, in this order: `missing_field:<name>` for product_id,
 * updated_at, change; `invalid_timestamp`; `unknown_change` (not snapshot, restock, adjustment,
 * info); `invalid_number:<name>` for unit_cost or price that is neither a number nor price-like
 * text, and for a stock_level that is not an integer; `invalid_price` for a negative unit_cost
 * or price (the one price rule, `priceProblem`); `invalid_value:<name>` for an object or
 * array where text belongs.
 *
 * Text fields are passed through as written (empty brand or warehouse → `null`, missing name or
 * category → `""`): cleaning them is `standardizeInventory`'s job, which counts each fix.
 * Price-like money (`$1,299.00`, `£ 12.50`) is parsed here, where the text is, and noted in
 * {@linkcode INVENTORY_NOTES} so the standardizer counts `price_parsed` once per record; a plain
 * `1299.00` gets no note. An empty stock_level decodes to `null` (with a note holding the raw
 * record) for the standardizer to fill from the product's last known level.
 *
 * @param rec The raw record from a source.
 * @returns The update, or a quarantine reason code.
 */
export const decodeInventory: Decoder<"inventory"> = (rec: RawRecord): InventoryUpdate | string => {
  const f = rec.fields;
  const productIdField = f.product_id;
  const updatedAtField = f.updated_at;
  const changeField = f.change;
  if (isMissing(productIdField)) return "missing_field:product_id";
  if (isMissing(updatedAtField)) return "missing_field:updated_at";
  if (isMissing(changeField)) return "missing_field:change";
  const eventTime = timeOf(updatedAtField);
  if (eventTime !== eventTime) return "invalid_timestamp";
  const change = changeOf(changeField);
  if (change === null) return "unknown_change";
  let priceParsed = false;
  let unitCost: number | null = null;
  const unitCostField = f.unit_cost;
  if (!isMissing(unitCostField)) {
    let micros = microsOf(unitCostField);
    if (micros !== micros && typeof unitCostField === "string") {
      micros = parsePriceMicros(unitCostField);
      priceParsed = true;
    }
    const problem = priceProblem(micros, "unit_cost");
    if (problem !== null) return problem;
    unitCost = micros / 1e6;
  }
  let price: number | null = null;
  const priceField = f.price;
  if (!isMissing(priceField)) {
    let micros = microsOf(priceField);
    if (micros !== micros && typeof priceField === "string") {
      micros = parsePriceMicros(priceField);
      priceParsed = true;
    }
    const problem = priceProblem(micros, "price");
    if (problem !== null) return problem;
    price = micros / 1e6;
  }
  let stockLevel: number | null = null;
  const stockField = f.stock_level;
  if (!isMissing(stockField)) {
    const micros = microsOf(stockField);
    if (micros !== micros || micros % 1e6 !== 0) return "invalid_number:stock_level";
    stockLevel = micros / 1e6;
  }
  const productId = textOf(productIdField);
  if (productId === undefined) return "invalid_value:product_id";
  const name = optionalTextOf(f.name);
  if (name === undefined) return "invalid_value:name";
  const category = optionalTextOf(f.category);
  if (category === undefined) return "invalid_value:category";
  const brand = optionalTextOf(f.brand);
  if (brand === undefined) return "invalid_value:brand";
  const warehouse = optionalTextOf(f.warehouse);
  if (warehouse === undefined) return "invalid_value:warehouse";
  const update: InventoryUpdate = {
    productId,
    name: name ?? "",
    category: category ?? "",
    brand,
    unitCost,
    price,
    stockLevel,
    change,
    warehouse,
    eventTime,
  };
  if (priceParsed || stockLevel === null) INVENTORY_NOTES.set(update, { raw: rec, priceParsed });
  return update;
};

decodeInventory.eventTimeOf = (rec: RawRecord): number | null =>
  quarantineTimeOf(rec.fields.updated_at);

function changeOf(value: unknown): ChangeType | null {
  switch (value) {
    case "snapshot":
    case "restock":
    case "adjustment":
    case "info":
      return value;
    default:
      return null;
  }
}
