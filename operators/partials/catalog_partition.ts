/**
 * One partition's working state of the `catalog` family.
 *
 * @module
 */

import type { AnyBatch } from "../types.ts";
import { monthIndex } from "../month_window.ts";
import { applyUpdate, emptyProductState, type ProductState } from "../product_catalog.ts";
import { ProductNames } from "../product_names.ts";
import { addRating, type RatingTotals, UNKNOWN_PRODUCT } from "../ratings.ts";
import type { PartitionPartial } from "./partial_family.ts";
import { type CatalogSnapshot, monthLists } from "./catalog_snapshot.ts";
import { replayHistories } from "./catalog_stock.ts";

/**
 * Keeps everything the `catalog` reports need from one partition, with no month ever closed:
 * the reports a snapshot finishes into cover the whole input, as the operators' rows do at its
 * completion. Per product and month the inventory updates folded into one state (so an update
 * arriving late within the lateness lands in its month); purchased units per month and product;
 * review totals per month and product; each product's latest name. State grows with products ×
 * months, like the reports themselves.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sale = { transactionId: "t1", orderId: "o1", userId: "u1", productId: "P1", quantity: 2,
 *   unitPrice: 99, unitPriceMicros: 99_000_000, type: "purchase" as const,
 *   eventTime: Date.UTC(2010, 11, 20), country: null, paymentMethod: null };
 * const partition = new CatalogPartition();
 * partition.add({ table: "transactions", records: [sale], quarantine: [] });
 * assert.deepEqual(partition.snapshot().sales, [[2010 * 12 + 11, "P1", 2]]);
 * ```
 */
export class CatalogPartition implements PartitionPartial<CatalogSnapshot> {
  #minTime = Infinity;
  #maxTime = -Infinity;
  /** Purchased units: month → product id → units. */
  #sales = new Map<number, Map<string, number>>();
  /** Inventory: product id → month → that month's updates folded. */
  #histories = new Map<string, Map<number, ProductState>>();
  /** Reviews: month → product id (or `unknown`) → totals. */
  #ratings = new Map<number, Map<string, RatingTotals>>();
  #names = new ProductNames();

  /** Folds one clean batch (activity batches are ignored). */
  add(batch: AnyBatch): void {
    switch (batch.table) {
      case "inventory": {
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const update = records[i];
          this.#span(update.eventTime);
          const month = monthIndex(update.eventTime);
          let months = this.#histories.get(update.productId);
          if (months === undefined) {
            months = new Map();
            this.#histories.set(update.productId, months);
          }
          let state = months.get(month);
          if (state === undefined) {
            state = emptyProductState();
            months.set(month, state);
          }
          applyUpdate(state, update);
        }
        this.#names.add(records);
        break;
      }
      case "transactions": {
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const line = records[i];
          this.#span(line.eventTime);
          if (line.type !== "purchase") continue;
          const month = monthIndex(line.eventTime);
          let units = this.#sales.get(month);
          if (units === undefined) {
            units = new Map();
            this.#sales.set(month, units);
          }
          units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
        }
        break;
      }
      case "reviews": {
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const review = records[i];
          const month = monthIndex(review.eventTime);
          let products = this.#ratings.get(month);
          if (products === undefined) {
            products = new Map();
            this.#ratings.set(month, products);
          }
          addRating(products, review.productId ?? UNKNOWN_PRODUCT, review.rating);
        }
        break;
      }
    }
  }

  /** The partition's contribution as if its input ended now; leaves the state as it is. */
  snapshot(): CatalogSnapshot {
    const sales = new Map<number, Map<string, number[]>>();
    for (const [month, units] of this.#sales) {
      sales.set(month, new Map([...units].map(([id, sold]) => [id, [sold]])));
    }
    const ratings = new Map<number, Map<string, number[]>>();
    for (const [month, products] of this.#ratings) {
      ratings.set(month, new Map([...products].map(([id, t]) => [id, [t.reviews, t.sum]])));
    }
    const { stock, categories } = replayHistories(this.#histories);
    return {
      span: this.#minTime === Infinity ? null : [this.#minTime, this.#maxTime],
      sales: monthLists(sales),
      stock,
      categories,
      ratings: monthLists(ratings),
      names: this.#names.rows().map((r) => [r.product_id, r.name, r.category, r.brand]),
    };
  }

  #span(time: number): void {
    if (time < this.#minTime) this.#minTime = time;
    if (time > this.#maxTime) this.#maxTime = time;
  }
}
