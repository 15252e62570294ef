/**
 * The product dimension: each product's latest name, category and brand from inventory
 * updates, so reports keyed by product id can be shown with names.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";

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
      const latest = new Map<string, Latest>();
      return source.subscribe({
        next(batch) {
          if (batch.table !== "inventory") return;
          const records = batch.records;
          for (let i = 0; i < records.length; i++) {
            const r = records[i];
            if (r.name === "") continue;
            const seen = latest.get(r.productId);
            if (seen !== undefined && seen.time > r.eventTime) continue;
            latest.set(r.productId, {
              row: { product_id: r.productId, name: r.name, category: r.category, brand: r.brand },
              time: r.eventTime,
            });
          }
        },
        error: (error) => subscriber.error(error),
        complete() {
          const ids = [...latest.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          subscriber.next(ids.map((id) => latest.get(id)!.row));
          subscriber.complete();
        },
      });
    });
}
