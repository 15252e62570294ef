/**
 * The product dimension: each product's latest name, category and brand from inventory
 * updates, so reports keyed by product id can be shown with names.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch, InventoryUpdate } from "./types.ts";

/** One product as its latest inventory update describes it. */
export interface ProductNameRow {
  product_id: string;
  name: string;
  category: string;
  brand: string | null;
}

interface Latest {
  row: ProductNameRow;
  time: number;
}

/**
 * Each product's latest (by event time; among equal times the last to arrive) name, category and
 * brand, from inventory updates; updates with an empty name are skipped (nothing to show).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const update = { productId: "P1", name: "Phone", category: "electronics", brand: null,
 *   unitCost: null, price: null, stockLevel: 10, change: "snapshot" as const, warehouse: null,
 *   eventTime: Date.UTC(2010, 11, 5) };
 * const names = new ProductNames();
 * names.add([update, { ...update, name: "Old phone", eventTime: Date.UTC(2010, 11, 1) }]);
 * assert.deepEqual(names.rows(), [
 *   { product_id: "P1", name: "Phone", category: "electronics", brand: null },
 * ]);
 * ```
 */
export class ProductNames {
  #latest = new Map<string, Latest>();

  /** Folds inventory updates, in arrival order. */
  add(records: readonly InventoryUpdate[]): void {
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.name === "") continue;
      const seen = this.#latest.get(r.productId);
      if (seen !== undefined && seen.time > r.eventTime) continue;
      this.#latest.set(r.productId, {
        row: { product_id: r.productId, name: r.name, category: r.category, brand: r.brand },
        time: r.eventTime,
      });
    }
  }

  /** The rows so far, sorted by product id. */
  rows(): ProductNameRow[] {
    return sortByProductId([...this.#latest.values()].map((latest) => latest.row));
  }
}

/**
 * Sorts rows by product id (UTF-16 code units, as the report lists products), in place.
 *
 * @param rows Product rows, one per product id.
 * @returns `rows`, sorted.
 */
export function sortByProductId(rows: ProductNameRow[]): ProductNameRow[] {
  return rows.sort((
    a,
    b,
  ) => (a.product_id < b.product_id ? -1 : a.product_id > b.product_id ? 1 : 0));
}

/**
 * Collects the latest (by event time; among equal times the last to arrive) name, category and
 * brand of every product seen in `inventory` batches, and emits them once, sorted by product id,
 * when the input completes. Products with an empty name are left out (nothing to show).
 *
 * @returns An operator from batches to one array of {@linkcode ProductNameRow}.
 * @example
 * ```ts
 * import type { Observable } from "rxjs";
 * import type { AnyBatch } from "./types.ts";
 *
 * // Each product's latest { product_id, name, category, brand }, once the input completes.
 * const names = (batches$: Observable<AnyBatch>) => batches$.pipe(productNames());
 * ```
 */
export function productNames(): OperatorFunction<AnyBatch, ProductNameRow[]> {
  return (source) =>
    new Observable<ProductNameRow[]>((subscriber) => {
      const names = new ProductNames();
      return source.subscribe({
        next(batch) {
          if (batch.table === "inventory") names.add(batch.records);
        },
        error: (error) => subscriber.error(error),
        complete() {
          subscriber.next(names.rows());
          subscriber.complete();
        },
      });
    });
}
