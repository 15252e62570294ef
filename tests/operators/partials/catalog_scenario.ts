/**
 * A hand-made clean stream for the `catalog` family: the cases data/sample does not hold (sales
 * before a product's first inventory update, a category that changes, equal event times, an
 * update arriving after a later month's, a product with a category but no level, reviews
 * without a product or of a product never in inventory, months without any event).
 *
 * @module
 */

import { from, lastValueFrom, toArray } from "rxjs";
import type {
  AnyBatch,
  InventoryUpdate,
  Review,
  Transaction,
  TransactionType,
} from "../../../operators/types.ts";
import { watermark } from "../../../operators/watermark.ts";

/** Allowed lateness of the scenario: long enough for an update a week late. */
export const SCENARIO_LATENESS = 10 * 86_400_000;

const day = (month: number, date: number, hour = 12) => Date.UTC(2024, month - 1, date, hour);

function update(
  productId: string,
  time: number,
  stockLevel: number | null,
  category: string,
  name = `${productId} name`,
): InventoryUpdate {
  return {
    productId,
    name,
    category,
    brand: null,
    unitCost: null,
    price: null,
    stockLevel,
    change: "adjustment",
    warehouse: null,
    eventTime: time,
  };
}

let lines = 0;
function sale(
  userId: string,
  productId: string,
  time: number,
  quantity: number,
  type: TransactionType = "purchase",
): Transaction {
  lines++;
  return {
    transactionId: `t${lines}`,
    orderId: `o${lines}`,
    userId,
    productId,
    quantity,
    unitPrice: 10,
    unitPriceMicros: 10_000_000,
    type,
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

function review(productId: string | null, time: number, rating: number): Review {
  lines++;
  return {
    reviewId: `r${lines}`,
    userId: null,
    productId,
    orderId: null,
    rating,
    title: null,
    body: null,
    eventTime: time,
  };
}

const batch = <T extends AnyBatch["table"]>(table: T, records: unknown[]) =>
  ({ table, records, quarantine: [] }) as unknown as AnyBatch;

/** The scenario's batches in arrival order, stamped with watermarks as replay stamps them. */
export async function scenarioBatches(): Promise<AnyBatch[]> {
  const batches = [
    batch("transactions", [
      sale("u1", "P3", day(1, 3), 4), // before P3's first update: category unknown in January
      sale("u2", "P1", day(1, 4), 2),
      sale("u3", "P2", day(1, 5), 1),
    ]),
    batch("inventory", [
      update("P1", day(1, 10), 5, "books"),
      update("P5", day(1, 11), 5, "books", "P5 first"),
      update("P5", day(1, 11), 7, "unknown", "P5 second"), // same time: 7, still books, "P5 second"
      update("P2", day(1, 12), null, "toys"), // a category, never a level
      update("P4", day(1, 14), 3, ""), // a level, never a category
    ]),
    batch("reviews", [
      review("P1", day(1, 20), 4),
      review(null, day(1, 21), 2),
      review("P9", day(1, 22), 5), // never in inventory
    ]),
    batch("inventory", [
      update("P1", day(2, 5), 3, "comics"), // the category changes
      update("P3", day(2, 2), 4, "garden"),
      update("P1", day(1, 31), 9, "books", ""), // a week late, before February's update; no name
    ]),
    batch("transactions", [
      sale("u1", "P1", day(2, 6), 1),
      sale("u2", "P1", day(2, 7), 5, "return"),
      sale("u3", "P3", day(2, 8), 2),
    ]),
    batch("reviews", [review("P1", day(2, 10), 3), review("P3", day(2, 11), 5)]),
    batch("inventory", [update("P4", day(2, 20), 1, "toys")]),
    // Nothing in March and April; May has only a sale: every month from January gets rows.
    batch("transactions", [sale("u2", "P4", day(5, 2), 1), sale("u1", "P1", day(5, 3), 1)]),
    batch("reviews", [review("P4", day(5, 4), 1)]),
  ];
  return await lastValueFrom(
    from(batches).pipe(watermark({ lateness: SCENARIO_LATENESS }), toArray()),
  );
}
