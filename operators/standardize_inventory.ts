/**
 * The standardizeInventory operator: cleans inventory updates and counts each kind of fix.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import { CATEGORY_SYNONYMS } from "./categories.ts";
import { detachString } from "./detach_string.ts";
import { INVENTORY_NOTES } from "./inventory_notes.ts";
import { normalizeText } from "./normalize_text.ts";
import { NATIVE_COLUMNS } from "./native_columns.ts";
import { redactRaw } from "./redact_raw.ts";
import type { AnyBatch, Batch, InventoryUpdate, QuarantineRow, RawRecord } from "./types.ts";

// A Map, not the object itself, so names like "constructor" are not found on the prototype.
const SYNONYMS = new Map<string, string>(Object.entries(CATEGORY_SYNONYMS));

/**
 * Cleans inventory updates in place and counts each fix in `fixes` (`fixes[kind] += 1`); batches
 * of other tables pass through untouched. Per record:
 * - name, brand, category, warehouse: NFKC, whitespace collapsed (NBSP included), trimmed;
 *   `text_normalized` once if name, brand or warehouse changed. Brand is then lower-cased
 *   (not counted: casing is not a defect). An empty brand or warehouse becomes `null`.
 * - category: normalized, lower-cased and mapped through `CATEGORY_SYNONYMS`;
 *   `category_synonym` once when the raw text differed from the canonical name; an unknown
 *   name is kept (normalized, lower case) and counted `category_unmapped`; an empty one becomes
 *   `unknown` with `missing_category`.
 * - price, unit_cost: `price_parsed` once when the decoder parsed price-like text (`$1,299.00`).
 * - stock_level: when empty, the product's last known level in this stream with
 *   `missing_stock_level`; with no known level the record becomes a quarantine row
 *   `missing_field:stock_level` in the batch (and counts no fix).
 *
 * @param fixes Counters to increment, by fix kind; shared with whoever reports them.
 * @returns An operator emitting cleaned batches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * import { validate } from "./validate.ts";
 * const fields = { product_id: "P1", name: " Phone ", category: "Electronics", price: "$1,299.00",
 *   stock_level: "3", change: "snapshot", updated_at: "2019-10-01 08:00:00 UTC" };
 * const raw = { table: "inventory" as const, bytesRead: 0, bytesTotal: 0, quarantine: [],
 *   records: [{ source: "inventory", position: "inventory.csv:line 2", raw: "...", fields }] };
 * const fixes: Record<string, number> = {};
 * await lastValueFrom(of(raw).pipe(validate(), standardizeInventory(fixes)));
 * assert.equal(fixes.price_parsed, 1);
 * ```
 */
export function standardizeInventory(
  fixes: Record<string, number>,
): OperatorFunction<AnyBatch, AnyBatch> {
  return (source) =>
    new Observable<AnyBatch>((subscriber) => {
      const lastStock = new Map<string, number>();
      return source.subscribe({
        next(batch) {
          subscriber.next(
            batch.table === "inventory" ? standardizeBatch(batch, lastStock, fixes) : batch,
          );
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function standardizeBatch(
  batch: Batch<"inventory">,
  lastStock: Map<string, number>,
  fixes: Record<string, number>,
): Batch<"inventory"> {
  const records = batch.records;
  let kept: InventoryUpdate[] | null = null; // allocated only when a record is dropped
  let quarantine: QuarantineRow[] = batch.quarantine;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.stockLevel === null) {
      const last = lastStock.get(r.productId);
      if (last === undefined) {
        if (kept === null) kept = records.slice(0, i);
        if (quarantine === batch.quarantine) quarantine = quarantine.slice();
        quarantine.push(missingStockRow(r));
        continue;
      }
      r.stockLevel = last;
      count(fixes, "missing_stock_level");
    } else {
      // A detached copy: the map and catalogs downstream keep the id for the whole run, and a
      // slice of the input chunk would keep that chunk alive (see detach_string.ts).
      r.productId = detachString(r.productId);
      lastStock.set(r.productId, r.stockLevel);
    }
    if (INVENTORY_NOTES.get(r)?.priceParsed) count(fixes, "price_parsed");
    standardizeText(r, fixes);
    if (kept !== null) kept.push(r);
  }
  if (kept === null && quarantine === batch.quarantine) return batch;
  const out: Batch<"inventory"> = { table: "inventory", records: kept ?? records, quarantine };
  if (batch.watermark !== undefined) out.watermark = batch.watermark;
  return out;
}

function standardizeText(r: InventoryUpdate, fixes: Record<string, number>): void {
  const name = normalizeText(r.name);
  const brand = r.brand === null ? null : normalizeText(r.brand);
  const warehouse = r.warehouse === null ? null : normalizeText(r.warehouse);
  if (name !== r.name || brand !== r.brand || warehouse !== r.warehouse) {
    count(fixes, "text_normalized");
  }
  // Detached copies, as for the product id: catalogs keep these per product. Inventory is small.
  r.name = detachString(name);
  r.brand = brand === null || brand === "" ? null : detachString(brand.toLowerCase());
  r.warehouse = warehouse === null || warehouse === "" ? null : detachString(warehouse);
  const rawCategory = r.category;
  const category = normalizeText(rawCategory).toLowerCase();
  if (category === "") {
    r.category = "unknown";
    count(fixes, "missing_category");
    return;
  }
  const canonical = SYNONYMS.get(category);
  if (canonical === undefined) {
    r.category = detachString(category);
    count(fixes, "category_unmapped");
    return;
  }
  r.category = canonical;
  if (canonical !== rawCategory) count(fixes, "category_synonym");
}

function missingStockRow(r: InventoryUpdate): QuarantineRow {
  const raw = INVENTORY_NOTES.get(r)?.raw;
  return {
    source: raw?.source ?? "inventory",
    position: raw?.position ?? `inventory:${r.productId}`,
    reason: "missing_field:stock_level",
    raw: raw === undefined ? JSON.stringify(r) : inventoryRaw(raw),
    eventTime: r.eventTime,
  };
}

/**
 * The text kept of an inventory record: inventory has no id fields, yet a column the layout does
 * not know might hold one, so the text is rebuilt as for every quarantined record (redact_raw.ts);
 * a record whose source could not say how it was read keeps none.
 */
function inventoryRaw(rec: RawRecord): string {
  if (rec.layout === undefined) return "";
  const plan = {
    layout: rec.layout,
    fields: rec.fields,
    idFields: [],
    knownFields: NATIVE_COLUMNS.inventory,
  };
  return redactRaw(rec.raw, plan, (id) => id); // no id fields: the function is never called
}

function count(fixes: Record<string, number>, kind: string): void {
  fixes[kind] = (fixes[kind] ?? 0) + 1;
}
