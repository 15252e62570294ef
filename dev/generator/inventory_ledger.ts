/**
 * Stock on hand per product, kept exactly in step with the emitted sales. Every inventory row
 * states the level after all sales with an event time up to and including its `updated_at`:
 * snapshots (start and first of each month), restocks when stock runs low, a daily
 * `adjustment` per product sold that day, and occasional `info` rows.
 *
 * @module
 */

import type { ChangeType } from "../../operators/types.ts";
import type { Product } from "./catalog.ts";
import type { Prng } from "./prng.ts";

/** Receives inventory rows in time order. */
export interface InventorySink {
  row(product: Product, level: number, change: ChangeType, time: number): void;
}

interface Op {
  time: number;
  product: number;
  change: ChangeType;
}

/** Inventory state and scheduled updates. */
export class InventoryLedger {
  readonly products: Product[];
  #rng: Prng;
  readonly stock: Int32Array;
  #reorder: Int32Array;
  #restockQty: Int32Array;
  #pending: Uint8Array;
  #soldToday: number[] = [];
  #sold: Uint8Array;
  #ops: Op[][];
  #today: Op[] = [];
  #next = 0;
  /** Number of restocks and of sales refused for lack of stock. */
  restocks = 0;
  stockouts = 0;

  /**
   * @param products the catalog
   * @param expectedPurchases rough number of purchase lines over the whole range (sizes stock)
   * @param days number of days in the range
   * @param rng the inventory stream
   */
  constructor(products: Product[], expectedPurchases: number, days: number, rng: Prng) {
    this.products = products;
    this.#rng = rng;
    const n = products.length;
    this.stock = new Int32Array(n);
    this.#reorder = new Int32Array(n);
    this.#restockQty = new Int32Array(n);
    this.#pending = new Uint8Array(n);
    this.#sold = new Uint8Array(n);
    this.#ops = Array.from({ length: days + 1 }, () => []);
    for (let i = 0; i < n; i++) {
      // Peak daily demand (growth and holidays ~2.5× the mean), in units (~1.2 per line).
      const peak = (expectedPurchases * products[i].popularity * 2.5 * 1.2) / days;
      this.#reorder[i] = Math.ceil(peak * 3) + 2;
      this.#restockQty[i] = Math.max(10, Math.ceil((peak * 20) / 10) * 10);
      this.stock[i] = this.#restockQty[i] + this.#reorder[i] + rng.int(this.#restockQty[i] / 2 + 1);
    }
  }

  /** Writes a snapshot row for every product. */
  snapshot(time: number, sink: InventorySink): void {
    for (const p of this.products) sink.row(p, this.stock[p.index], "snapshot", time);
  }

  /** Makes day `day`'s scheduled updates current; adds month-start snapshots. */
  startDay(day: number, dayStart: number): void {
    const ops = this.#ops[day];
    if (day > 0 && new Date(dayStart).getUTCDate() === 1) {
      for (const p of this.products) {
        ops.push({ time: dayStart, product: p.index, change: "snapshot" });
      }
    }
    ops.sort((a, b) => a.time - b.time);
    this.#today = ops;
    this.#ops[day] = [];
    this.#next = 0;
  }

  /** Applies scheduled updates with a time strictly before `time` (a sale at `time` comes first). */
  applyBefore(time: number, sink: InventorySink): void {
    const ops = this.#today;
    while (this.#next < ops.length && ops[this.#next].time < time) {
      const op = ops[this.#next++];
      if (op.change === "restock") {
        this.stock[op.product] += this.#restockQty[op.product];
        this.#pending[op.product] = 0;
        this.restocks++;
      }
      sink.row(this.products[op.product], this.stock[op.product], op.change, op.time);
    }
  }

  /**
   * Takes units off the shelf for a sale.
   *
   * @returns the units sold: `quantity`, fewer when stock is short, 0 when sold out
   */
  sell(product: number, quantity: number): number {
    const sold = Math.min(quantity, this.stock[product]);
    if (sold === 0) {
      this.stockouts++;
      return 0;
    }
    this.stock[product] -= sold;
    if (this.#sold[product] === 0) {
      this.#sold[product] = 1;
      this.#soldToday.push(product);
    }
    return sold;
  }

  /**
   * Closes day `day`: remaining updates, one adjustment per product sold, restock orders for
   * low stock (arriving the next day) and a few info rows for the next day.
   */
  closeDay(day: number, dayEnd: number, sink: InventorySink): void {
    this.applyBefore(Infinity, sink);
    const sold = this.#soldToday.sort((a, b) => a - b);
    const next = this.#ops[day + 1];
    const nextStart = dayEnd + 1000;
    for (const p of sold) {
      this.#sold[p] = 0;
      sink.row(this.products[p], this.stock[p], "adjustment", dayEnd);
      if (this.stock[p] < this.#reorder[p] && this.#pending[p] === 0) {
        this.#pending[p] = 1;
        next.push({
          time: nextStart + (6 * 3600 + this.#rng.int(8 * 3600)) * 1000,
          product: p,
          change: "restock",
        });
      }
    }
    this.#soldToday = [];
    const infos = Math.max(1, Math.round(this.products.length / 90));
    for (let i = 0; i < infos; i++) {
      const time = nextStart + (8 * 3600 + this.#rng.int(12 * 3600)) * 1000;
      next.push({ time, product: this.#rng.int(this.products.length), change: "info" });
    }
  }
}
