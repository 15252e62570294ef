/**
 * The interval join behind purchase behaviour (purchase lines ⨝ the same user's prior views of
 * the product) and the per-month sums it feeds. One implementation for replay's
 * `purchaseBehavior` operator and a live partition's partial state.
 *
 * @module
 */

import type { AnyBatch } from "./types.ts";
import { RecentViews, type ViewMatch } from "./recent_views.ts";

/** The sums of one month of purchase behaviour. */
export interface BehaviorMonth {
  /** Purchase transaction lines. */
  purchases: number;
  /** Purchase lines joined with at least one view. */
  withViews: number;
  /** Views counted over the joined purchase lines. */
  viewSum: number;
  /** Milliseconds from first view to purchase, one per purchase with views. */
  delays: number[];
  /** Activity `view` events. */
  views: number;
  /** Activity `cart` events. */
  carts: number;
  /** Activity `purchase` events. */
  purchaseEvents: number;
}

/** Where the join finds the month of an event time. */
export interface BehaviorMonths {
  /** The month of `time`, created on first use; `undefined` when it is closed already. */
  at(time: number): BehaviorMonth | undefined;
}

/** The empty sums of a month. */
export function newBehaviorMonth(): BehaviorMonth {
  return {
    purchases: 0,
    withViews: 0,
    viewSum: 0,
    delays: [],
    views: 0,
    carts: 0,
    purchaseEvents: 0,
  };
}

interface PendingPurchase {
  time: number;
  userId: string;
  productId: string;
  month: BehaviorMonth;
}

function byTime(a: PendingPurchase, b: PendingPurchase): number {
  return a.time - b.time;
}

/**
 * Joins each purchase line with the same (pseudonymized) user's `view` events of the same
 * product in `[t − lookback, t]`, and counts activity events and purchase lines into the months
 * of `months`. A purchase waits until {@linkcode PurchaseViewJoin.joinBefore} is given a
 * watermark past its time (both tables' watermarks, so every view up to it has arrived); views
 * are kept until the watermark passes `view time + lookback`.
 *
 * Views are held in a {@linkcode RecentViews} index, which keeps each view's user id string for
 * up to the lookback: feed it pseudonymized ids, not slices of an input chunk.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type BehaviorMonth, newBehaviorMonth } from "./purchase_view_join.ts";
 * const month = newBehaviorMonth();
 * const join = new PurchaseViewJoin(86_400_000, { at: () => month });
 * const view = { eventId: "e1", eventTime: 0, eventType: "view" as const, productId: "p1",
 *   categoryId: null, categoryCode: null, brand: null, price: null, userId: "u1",
 *   userSession: "s1" };
 * const line = { transactionId: "t1", orderId: "o1", userId: "u1", productId: "p1",
 *   quantity: 1, unitPrice: 1, unitPriceMicros: 1_000_000, type: "purchase" as const,
 *   eventTime: 60_000, country: null, paymentMethod: null };
 * join.add({ table: "activity", records: [view], quarantine: [] });
 * join.add({ table: "transactions", records: [line], quarantine: [] });
 * const copy: BehaviorMonth = { ...month, delays: [...month.delays] };
 * join.joinPendingInto(() => copy); // as if the input ended now; `month` is untouched
 * assert.deepEqual([copy.withViews, copy.delays, month.withViews], [1, [60_000], 0]);
 * join.joinBefore(Infinity);
 * assert.deepEqual([month.purchases, month.withViews, month.delays], [1, 1, [60_000]]);
 * ```
 */
export class PurchaseViewJoin {
  readonly #lookback: number;
  readonly #months: BehaviorMonths;
  readonly #views = new RecentViews();
  readonly #match: ViewMatch = { count: 0, first: Infinity };
  // Purchases waiting for the watermark, in time order from `#next` on once `#sorted`: a
  // transactions batch can run days ahead of the clickstream, and rescanning all its purchases
  // after every activity batch cost more than the whole join.
  #pending: PendingPurchase[] = [];
  #next = 0;
  #sorted = true;

  /**
   * @param lookback how far before a purchase a view counts, ms (inclusive)
   * @param months the months that activity events and purchase lines count into
   */
  constructor(lookback: number, months: BehaviorMonths) {
    this.#lookback = lookback;
    this.#months = months;
  }

  /** Counts a batch into its months and holds its views and purchases for the join. */
  add(batch: AnyBatch): void {
    const months = this.#months;
    if (batch.table === "activity") {
      const views = this.#views;
      const events = batch.records;
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        const type = event.eventType;
        const month = months.at(event.eventTime);
        if (type === "view") {
          if (month !== undefined) month.views++;
          views.add(event.userId, event.productId, event.eventTime);
        } else if (month === undefined) {
          continue;
        } else if (type === "cart") {
          month.carts++;
        } else if (type === "purchase") {
          month.purchaseEvents++;
        }
      }
    } else if (batch.table === "transactions") {
      const pending = this.#pending;
      const lines = batch.records;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.type !== "purchase") continue;
        const month = months.at(line.eventTime);
        if (month === undefined) continue;
        month.purchases++;
        if (this.#sorted && pending.length > this.#next) {
          this.#sorted = line.eventTime >= pending[pending.length - 1].time;
        }
        pending.push({
          time: line.eventTime,
          userId: line.userId,
          productId: line.productId,
          month,
        });
      }
    }
  }

  /**
   * Joins every purchase the watermark has passed into its month, then drops the views no later
   * purchase can match.
   *
   * @param watermark the MIN of the watermarks of both tables (`Infinity` at completion)
   */
  joinBefore(watermark: number): void {
    if (!this.#sorted) {
      this.#pending = this.#pending.slice(this.#next).sort(byTime);
      this.#next = 0;
      this.#sorted = true;
    }
    const pending = this.#pending;
    let next = this.#next;
    // Join every purchase the watermark has passed (the order of joins does not matter).
    while (next < pending.length && pending[next].time < watermark) {
      const purchase = pending[next++];
      this.#join(purchase, purchase.month);
    }
    this.#next = next;
    if (next > 0 && 2 * next >= pending.length) {
      this.#pending = pending.slice(next);
      this.#next = 0;
    }
    // A purchase not yet seen has time >= watermark, so it needs views with time + lookback
    // >= watermark; older ones can go.
    this.#views.dropBefore(watermark - this.#lookback);
  }

  /**
   * Joins the purchases still waiting against the views held now, as if the input ended here,
   * without changing the join: each match counts into `target(its month)` instead.
   *
   * @param target the month to count a match of a purchase of `month` into (e.g. a copy)
   */
  joinPendingInto(target: (month: BehaviorMonth) => BehaviorMonth): void {
    const pending = this.#pending;
    for (let i = this.#next; i < pending.length; i++) {
      this.#join(pending[i], target(pending[i].month));
    }
  }

  #join(purchase: PendingPurchase, month: BehaviorMonth): void {
    const { count, first } = this.#views.match(
      purchase.userId,
      purchase.productId,
      purchase.time - this.#lookback,
      purchase.time,
      this.#match,
    );
    if (count === 0) return;
    month.withViews++;
    month.viewSum += count;
    month.delays.push(purchase.time - first);
  }
}
