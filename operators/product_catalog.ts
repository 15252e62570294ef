/**
 * Per-product stock level and category from inventory updates, replayed month by month in
 * event-time order, for the reports that need "the level / category as of a month's end".
 *
 * @module
 */

import type { InventoryUpdate } from "./types.ts";
import { monthIndex } from "./month_window.ts";

/** What is known about one product after the updates applied so far. */
export interface ProductState {
  /** Last known units on hand, `null` while no update carried a level. */
  level: number | null;
  levelTime: number;
  /** Category of the latest update, `unknown` for an empty one. */
  category: string;
  categoryTime: number;
}

/**
 * Buffers inventory updates by month and applies them only when asked to advance through a
 * month, so the state seen when a month closes holds exactly the updates before its end,
 * whatever the arrival order within lateness. State is one entry per product plus the updates
 * of months not yet applied.
 *
 * Within the applied updates the latest event time wins (for the level, the latest update that
 * carries one); among equal event times the one that arrived last wins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { monthIndex } from "./month_window.ts";
 * const update = { productId: "P1", name: "Phone", category: "electronics", brand: null,
 *   unitCost: null, price: null, stockLevel: 10, change: "snapshot" as const, warehouse: null,
 *   eventTime: Date.UTC(2010, 11, 5) };
 * const catalog = new ProductCatalog();
 * catalog.add([update]); // inventory updates
 * assert.equal(catalog.category("P1"), "unknown"); // not applied yet
 * catalog.advance(monthIndex(Date.UTC(2011, 0))); // apply everything up to January 2011
 * assert.equal(catalog.category("P1"), "electronics");
 * ```
 */
export class ProductCatalog {
  #products = new Map<string, ProductState>();
  #pending = new Map<number, InventoryUpdate[]>();
  #appliedThrough = -Infinity;

  /** Buffers updates (applies at once those of months already advanced through). */
  add(updates: readonly InventoryUpdate[]): void {
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i];
      const month = monthIndex(update.eventTime);
      if (month <= this.#appliedThrough) {
        this.#apply(update, undefined);
        continue;
      }
      const list = this.#pending.get(month);
      if (list === undefined) this.#pending.set(month, [update]);
      else list.push(update);
    }
  }

  /**
   * Applies the buffered updates of every month up to and including `through`.
   *
   * @param through A month index, or `Infinity` for all.
   * @param before When given, receives for each product changed by this call its level before
   * the change (`null` when it had none): the opening level if `through` is one month.
   */
  advance(through: number, before?: Map<string, number | null>): void {
    if (through <= this.#appliedThrough) return;
    const months: number[] = [];
    for (const month of this.#pending.keys()) if (month <= through) months.push(month);
    months.sort((a, b) => a - b);
    for (const month of months) {
      const updates = this.#pending.get(month) as InventoryUpdate[];
      for (let i = 0; i < updates.length; i++) this.#apply(updates[i], before);
      this.#pending.delete(month);
    }
    this.#appliedThrough = through;
  }

  /** The category of a product: the latest one an applied update named, else `unknown`. */
  category(productId: string): string {
    return this.#products.get(productId)?.category ?? "unknown";
  }

  /** Every product seen in an applied update, with its state. */
  products(): MapIterator<[string, ProductState]> {
    return this.#products.entries();
  }

  #apply(update: InventoryUpdate, before: Map<string, number | null> | undefined): void {
    let state = this.#products.get(update.productId);
    if (state === undefined) {
      state = emptyProductState();
      this.#products.set(update.productId, state);
    }
    if (before !== undefined && !before.has(update.productId)) {
      before.set(update.productId, state.level);
    }
    applyUpdate(state, update);
  }
}

/** The state of a product no update has touched: no level, category `unknown`. */
export function emptyProductState(): ProductState {
  return { level: null, levelTime: -Infinity, category: "unknown", categoryTime: -Infinity };
}

/**
 * Folds one update into a product's state: the latest event time wins (ties: this update), for
 * the level only when the update carries one, for the category only when it names one.
 *
 * @param state The product's state, changed in place.
 * @param update An update of that product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const state = emptyProductState();
 * const update = { productId: "P1", name: "Phone", category: "unknown", brand: null,
 *   unitCost: null, price: null, stockLevel: 10, change: "snapshot" as const, warehouse: null,
 *   eventTime: Date.UTC(2010, 11, 5) };
 * applyUpdate(state, update);
 * assert.deepEqual([state.level, state.category], [10, "unknown"]);
 * ```
 */
export function applyUpdate(state: ProductState, update: InventoryUpdate): void {
  const time = update.eventTime;
  // A missing category (standardized to `unknown`) says nothing about the product: it keeps
  // the category it had, like a missing stock level keeps the last known level.
  const named = update.category !== "" && update.category !== "unknown";
  if (named && time >= state.categoryTime) {
    state.category = update.category;
    state.categoryTime = time;
  }
  if (update.stockLevel !== null && time >= state.levelTime) {
    state.level = update.stockLevel;
    state.levelTime = time;
  }
}
