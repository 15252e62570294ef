/**
 * The `catalog` family of partial state: `inventory_turnover`, `ratings`, `ratings_by_category`
 * and `products` from per-partition snapshots (see `partial_family.ts` for the law it keeps).
 *
 * @module
 */

import { monthIndex } from "../month_window.ts";
import { turnoverRows } from "../inventory_turnover.ts";
import { categoryRatingRows, productRatingRows, type RatingTotals } from "../ratings.ts";
import { sortByProductId } from "../product_names.ts";
import type { FamilyRows, PartialFamily, PartialOptions } from "./partial_family.ts";
import {
  type CatalogSnapshot,
  type FlatList,
  mergeCatalogSnapshots,
  sumMonthLists,
} from "./catalog_snapshot.ts";
import { stockTotals } from "./catalog_stock.ts";
import { CatalogPartition } from "./catalog_partition.ts";

/** The reports of the `catalog` family. */
export type CatalogReport = "inventory_turnover" | "ratings" | "ratings_by_category" | "products";

/**
 * A product's category as of the end of `month`: the last entry of its timeline at or before
 * that month, `unknown` without one.
 */
function catalogAt(timelines: ReadonlyMap<string, FlatList>, month: number) {
  return {
    category(productId: string): string {
      const timeline = timelines.get(productId);
      let category = "unknown";
      if (timeline === undefined) return category;
      for (let i = 1; i < timeline.length && (timeline[i] as number) <= month; i += 2) {
        category = timeline[i + 1] as string;
      }
      return category;
    },
  };
}

/**
 * The report rows of a merged snapshot: the rows the operators emit over the whole input, with
 * the operators' own finishing (`turnoverRows`, `productRatingRows`, `categoryRatingRows`,
 * `sortByProductId`).
 *
 * @param merged A merged (or single) snapshot.
 * @returns Rows per report, in the operators' order.
 */
export function finishCatalog(merged: CatalogSnapshot): FamilyRows<CatalogReport> {
  const timelines = new Map(merged.categories.map((t) => [t[0] as string, t]));
  const turnover: FamilyRows<CatalogReport>["inventory_turnover"] = [];
  if (merged.span !== null) {
    const sums = new Map<number, Map<string, number[]>>();
    sumMonthLists(merged.sales, 1, sums);
    const to = monthIndex(merged.span[1]);
    for (let month = monthIndex(merged.span[0]); month <= to; month++) {
      const units = sums.get(month);
      const sold = units && new Map([...units].map(([id, [n]]) => [id, n]));
      const groups = stockTotals(merged.stock, month);
      turnoverRows(month, groups, sold, catalogAt(timelines, month), turnover);
    }
  }
  const ratings: FamilyRows<CatalogReport>["ratings"] = [];
  const byCategory: FamilyRows<CatalogReport>["ratings_by_category"] = [];
  const totals = new Map<number, Map<string, number[]>>();
  sumMonthLists(merged.ratings, 2, totals);
  for (const month of [...totals.keys()].sort((a, b) => a - b)) {
    const products = new Map<string, RatingTotals>();
    for (const [id, [reviews, sum]] of totals.get(month)!) products.set(id, { reviews, sum });
    productRatingRows(month, products, ratings);
    categoryRatingRows(month, products, catalogAt(timelines, month), byCategory);
  }
  const products = sortByProductId(
    merged.names.map(([product_id, name, category, brand]) => ({
      product_id,
      name,
      category,
      brand,
    })),
  );
  return {
    inventory_turnover: turnover,
    ratings,
    ratings_by_category: byCategory,
    products,
  };
}

/**
 * The `catalog` family: inventory turnover, product and category ratings, and the product
 * dimension, from inventory, transactions and reviews. Inventory and reviews are keyed by
 * product, so a product's stock, categories, name and reviews sit in one partition, while its
 * sales are spread over all of them: snapshots carry stock summed by category but per-product
 * sales and category timelines, and the finish joins them.
 *
 * @param _options Analytics parameters (none of these reports takes one).
 * @returns The family.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const family = catalogFamily({ lookback: 86_400_000, spike: {}, topN: 10 });
 * const update = { productId: "P1", name: "Phone", category: "electronics", brand: null,
 *   unitCost: null, price: null, stockLevel: 10, change: "snapshot" as const, warehouse: null,
 *   eventTime: Date.UTC(2010, 11, 5) };
 * const sale = { transactionId: "t1", orderId: "o1", userId: "u1", productId: "P1", quantity: 2,
 *   unitPrice: 99, unitPriceMicros: 99_000_000, type: "purchase" as const,
 *   eventTime: Date.UTC(2010, 11, 20), country: null, paymentMethod: null };
 * const stock = family.create();
 * stock.add({ table: "inventory", records: [update], quarantine: [] });
 * const sales = family.create();
 * sales.add({ table: "transactions", records: [sale], quarantine: [] });
 * const rows = family.finish(family.merge([stock.snapshot(), sales.snapshot()]));
 * assert.deepEqual(rows.inventory_turnover, [{ month: "2010-12", category: "electronics",
 *   units_sold: 2, opening_stock: 0, closing_stock: 10, avg_stock: 5, turnover: 0.4 }]);
 * ```
 */
export function catalogFamily(
  _options: PartialOptions,
): PartialFamily<CatalogSnapshot, CatalogReport> {
  return {
    name: "catalog",
    reports: ["inventory_turnover", "ratings", "ratings_by_category", "products"],
    tables: ["inventory", "transactions", "reviews"],
    create: () => new CatalogPartition(),
    merge: mergeCatalogSnapshots,
    finish: finishCatalog,
  };
}
