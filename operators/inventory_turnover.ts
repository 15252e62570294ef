/**
 * Monthly inventory turnover per category, from inventory updates and purchase lines.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";
import { roundRatio } from "./money.ts";
import { firstOpenMonth, monthIndex, monthIndexKey, monthlyReport } from "./month_window.ts";
import { ProductCatalog } from "./product_catalog.ts";

/** One category in one month. */
export interface InventoryTurnoverRow {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** Category as of the month's end; `unknown` for products never seen in inventory. */
  category: string;
  /** Σ purchased units (purchase lines) of the category's products in the month. */
  units_sold: number;
  /** Σ last known level before the month start (0 for products with no level yet). */
  opening_stock: number;
  /** Σ last known level at the month end. */
  closing_stock: number;
  /** (opening_stock + closing_stock) / 2. */
  avg_stock: number;
  /** units_sold / avg_stock to 4 decimals; `null` when avg_stock is 0. */
  turnover: number | null;
}

/** Sums of one category in one month, before they become a row. */
export interface CategoryTotals {
  /** Σ purchased units. */
  units: number;
  /** Σ level before the month start. */
  opening: number;
  /** Σ level at the month end. */
  closing: number;
}

/**
 * The totals of `category` in `groups`, created (all zero) on first use.
 *
 * @param groups Totals by category, added to when the category is new.
 * @param category A category name.
 * @returns The category's totals, to add to in place.
 */
export function totalsOf(groups: Map<string, CategoryTotals>, category: string): CategoryTotals {
  let totals = groups.get(category);
  if (totals === undefined) {
    totals = { units: 0, opening: 0, closing: 0 };
    groups.set(category, totals);
  }
  return totals;
}

/**
 * Inventory turnover per month and category, consuming `inventory` and `transactions` batches.
 * A month closes when the MIN of the watermarks of those two tables seen so far reaches its
 * end; each product then belongs to the category of its latest update before that end. Every
 * month from the first to the last one seen gets rows (a month without events still has stock).
 * A category appears in a month when one of its products has a known level or a sale.
 *
 * @returns An operator from batches to arrays of {@linkcode InventoryTurnoverRow}, by month then
 * category.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of, toArray } from "rxjs";
 * const update = { productId: "P1", name: "Phone", category: "electronics", brand: null,
 *   unitCost: null, price: null, stockLevel: 10, change: "snapshot" as const, warehouse: null,
 *   eventTime: Date.UTC(2010, 11, 5) };
 * const sale = { transactionId: "t1", orderId: "o1", userId: "u1", productId: "P1", quantity: 2,
 *   unitPrice: 99, unitPriceMicros: 99_000_000, type: "purchase" as const,
 *   eventTime: Date.UTC(2010, 11, 20), country: null, paymentMethod: null };
 * const rows = await lastValueFrom(of(
 *   { table: "inventory" as const, records: [update], quarantine: [] },
 *   { table: "transactions" as const, records: [sale], quarantine: [] },
 * ).pipe(inventoryTurnover(), toArray()));
 * const [december] = rows.flat();
 * assert.deepEqual([december.month, december.category, december.units_sold], ["2010-12", "electronics", 2]);
 * ```
 */
export function inventoryTurnover(): OperatorFunction<AnyBatch, InventoryTurnoverRow[]> {
  return monthlyReport(() => {
    const catalog = new ProductCatalog();
    // Purchased units per open month, then per product.
    const sales = new Map<number, Map<string, number>>();
    let closedBefore = -Infinity;
    let minTime = Infinity;
    let maxTime = -Infinity;

    function monthRows(month: number, rows: InventoryTurnoverRow[]): void {
      catalog.advance(month - 1);
      const opening = new Map<string, number | null>();
      catalog.advance(month, opening);
      const groups = new Map<string, CategoryTotals>();
      for (const [productId, state] of catalog.products()) {
        if (state.level === null) continue;
        const totals = totalsOf(groups, state.category);
        totals.opening += opening.has(productId) ? opening.get(productId) ?? 0 : state.level;
        totals.closing += state.level;
      }
      turnoverRows(month, groups, sales.get(month), catalog, rows);
      sales.delete(month);
    }

    return {
      tables: ["inventory", "transactions"],
      add(batch: AnyBatch): void {
        if (batch.table === "inventory") {
          const records = batch.records;
          for (let i = 0; i < records.length; i++) {
            const time = records[i].eventTime;
            if (time < minTime) minTime = time;
            if (time > maxTime) maxTime = time;
          }
          catalog.add(records);
        } else if (batch.table === "transactions") {
          const records = batch.records;
          for (let i = 0; i < records.length; i++) {
            const line = records[i];
            const time = line.eventTime;
            if (time < minTime) minTime = time;
            if (time > maxTime) maxTime = time;
            if (line.type !== "purchase") continue;
            const month = monthIndex(time);
            if (month < closedBefore) continue;
            let units = sales.get(month);
            if (units === undefined) {
              units = new Map();
              sales.set(month, units);
            }
            units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
          }
        }
      },
      close(watermark: number): InventoryTurnoverRow[] {
        const limit = firstOpenMonth(watermark);
        if (limit <= closedBefore) return [];
        const rows: InventoryTurnoverRow[] = [];
        if (minTime !== Infinity) {
          const to = Math.min(limit, monthIndex(maxTime) + 1);
          for (let month = Math.max(closedBefore, monthIndex(minTime)); month < to; month++) {
            monthRows(month, rows);
          }
        }
        // Apply the updates of closed months even when no row needed them, to bound the buffer.
        catalog.advance(limit - 1);
        closedBefore = limit;
        return rows;
      },
    };
  });
}

/**
 * Finishes one month of {@linkcode inventoryTurnover}: adds each product's purchased units to
 * the totals of its category, then appends one row per category, sorted by category.
 *
 * @param month The month index.
 * @param groups Stock totals by category of the products with a known level; changed in place.
 * @param units Purchased units by product id in the month, if any.
 * @param catalog Tells a product's category as of the month end.
 * @param rows Receives the rows.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const groups = new Map([["books", { units: 0, opening: 4, closing: 6 }]]);
 * const rows: InventoryTurnoverRow[] = [];
 * turnoverRows(2024 * 12, groups, new Map([["B1", 3]]), { category: () => "books" }, rows);
 * assert.deepEqual(rows.map((r) => [r.month, r.units_sold, r.turnover]), [["2024-01", 3, 0.6]]);
 * ```
 */
export function turnoverRows(
  month: number,
  groups: Map<string, CategoryTotals>,
  units: ReadonlyMap<string, number> | undefined,
  catalog: { category(productId: string): string },
  rows: InventoryTurnoverRow[],
): void {
  if (units !== undefined) {
    for (const [productId, sold] of units) {
      totalsOf(groups, catalog.category(productId)).units += sold;
    }
  }
  const key = monthIndexKey(month);
  for (const category of [...groups.keys()].sort()) {
    const totals = groups.get(category) as CategoryTotals;
    const stockSum = totals.opening + totals.closing;
    rows.push({
      month: key,
      category,
      units_sold: totals.units,
      opening_stock: totals.opening,
      closing_stock: totals.closing,
      avg_stock: stockSum / 2,
      // units / ((opening + closing) / 2), kept as a ratio of integers so rounding is exact.
      turnover: roundRatio(2 * totals.units, stockSum, 4),
    });
  }
}
