/**
 * The day-by-day engine: simulates a day's sessions, sorts its events, and emits them in event
 * time order to all four files at once, so the files agree: each emitted purchase takes stock
 * off the ledger and writes its transaction line, and may schedule a refund or return and a
 * review on a later day.
 *
 * @module
 */

import type { TransactionType } from "../../operators/types.ts";
import type { Catalog } from "./catalog.ts";
import type { InventoryLedger } from "./inventory_ledger.ts";
import type { InventoryWriter } from "./inventory_writer.ts";
import type { Population } from "./population.ts";
import { Prng } from "./prng.ts";
import type { ReviewWriter } from "./review_writer.ts";
import { drawRating } from "./review_text.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import { P_CART, PURCHASE, REMOVE, type SimEvent, simulateDay } from "./sessions.ts";
import type { Spike } from "./spike.ts";
import { DAY_MS, formatActivityTime } from "./time_format.ts";
import type { TransactionLine, TransactionWriter } from "./transaction_writer.ts";
import { END_MS, type Intensity, START_MS } from "./intensity.ts";

/** Share of purchase lines later refunded or returned, and share that get a review. */
const P_REFUND = 0.035;
const P_REVIEW = 0.3;

/** Where the engine writes. */
export interface Outputs {
  /** Receives activity CSV text (already formatted rows). */
  activity: { add(text: string): void };
  transactions: TransactionWriter;
  inventory: InventoryWriter;
  reviews: ReviewWriter;
}

/** Running totals for the manifest. */
export interface SimulationStats {
  sessions: number;
  orders: number;
  eventTypes: Record<(typeof EVENT_TYPES)[number], number>;
  refunds: number;
  returns: number;
  firstEvent: number;
  lastEvent: number;
}

/** Simulation state carried from one day to the next. */
export class Simulation {
  readonly stats: SimulationStats = {
    sessions: 0,
    orders: 0,
    eventTypes: { view: 0, cart: 0, remove_from_cart: 0, purchase: 0 },
    refunds: 0,
    returns: 0,
    firstEvent: NaN,
    lastEvent: NaN,
  };
  #main: Prng;
  #post: Prng;
  #carry: SimEvent[] = [];
  #refunds: TransactionLine[][];
  #eventNo = 0;
  #txNo = 0;

  constructor(
    seed: number,
    readonly budgets: Int32Array,
    readonly intensity: Intensity,
    readonly catalog: Catalog,
    readonly users: Population,
    readonly ledger: InventoryLedger,
    readonly out: Outputs,
    readonly spike: Spike | null,
    readonly pCart = P_CART,
  ) {
    this.#main = new Prng(seed, 1);
    this.#post = new Prng(seed, 3);
    this.#refunds = Array.from({ length: budgets.length }, () => []);
  }

  /** Generates and writes day `day` (days must be run in order from 0). */
  runDay(day: number): void {
    const dayStart = START_MS + day * DAY_MS;
    const dayEnd = Math.min(END_MS, dayStart + DAY_MS - 1000);
    const events = this.#carry;
    const fresh = events.length;
    const curve = new Float64Array(1440);
    const minute = this.intensity.minute.subarray(day * 1440, day * 1440 + 1440);
    let sum = 0;
    for (let m = 0; m < 1440; m++) curve[m] = sum += minute[m];
    this.stats.sessions += simulateDay(
      this.budgets[day],
      dayStart,
      curve,
      this.#main,
      this.catalog,
      this.users,
      events,
      this.pCart,
    );
    if (this.spike) this.spike.addTo(dayStart, minute, events, fresh, this.catalog, this.users);
    if (day === 0) {
      this.ledger.snapshot(START_MS, this.out.inventory);
      for (const e of events) if (e.time <= START_MS) e.time = START_MS + 1000;
    }
    events.sort(byTime);
    let cut = events.length;
    while (cut > 0 && events[cut - 1].time > dayEnd) cut--;
    if (dayEnd === END_MS) {
      for (let i = cut; i < events.length; i++) events[i].time = END_MS;
      cut = events.length;
    }
    this.#carry = events.slice(cut);
    this.#emit(day, dayStart, dayEnd, events, cut);
  }

  #emit(day: number, dayStart: number, dayEnd: number, events: SimEvent[], count: number): void {
    const refunds = this.#refunds[day].sort(byTime);
    this.#refunds[day] = [];
    let nextRefund = 0;
    this.ledger.startDay(day, dayStart);
    let text = "";
    for (let i = 0; i < count; i++) {
      const e = events[i];
      this.ledger.applyBefore(e.time, this.out.inventory);
      while (nextRefund < refunds.length && refunds[nextRefund].time <= e.time) {
        this.out.transactions.write({
          ...refunds[nextRefund++],
          transactionId: "tx" + ++this.#txNo,
        });
      }
      if (e.type === PURCHASE) this.#purchase(e);
      const s = e.session;
      const p = this.catalog.products[e.product];
      text += formatActivityTime(e.time) + "," + EVENT_TYPES[e.type] + p.activityColumns +
        s.userId + "," +
        s.uuid + ",ev" + ++this.#eventNo + "\n";
      this.stats.eventTypes[EVENT_TYPES[e.type]]++;
    }
    if (count > 0) {
      if (Number.isNaN(this.stats.firstEvent)) this.stats.firstEvent = events[0].time;
      this.stats.lastEvent = events[count - 1].time;
    }
    this.out.activity.add(text);
    while (nextRefund < refunds.length) {
      this.out.transactions.write({ ...refunds[nextRefund++], transactionId: "tx" + ++this.#txNo });
    }
    this.ledger.closeDay(day, dayEnd, this.out.inventory);
    this.out.reviews.writeDay(day);
  }

  /** Sells the units (or turns the event into a removal when sold out) and writes the line. */
  #purchase(e: SimEvent): void {
    const sold = this.ledger.sell(e.product, e.quantity);
    if (sold === 0) {
      e.type = REMOVE;
      return;
    }
    const s = e.session;
    if (s.order < 0) {
      s.order = ++this.stats.orders;
    }
    const p = this.catalog.products[e.product];
    const line: TransactionLine = {
      transactionId: "tx" + ++this.#txNo,
      orderId: "o" + s.order,
      userId: s.userId,
      productId: p.id,
      quantity: sold,
      unitPriceCents: p.priceCents,
      type: "purchase",
      time: e.time,
      country: this.users.country(s.userIndex),
      paymentMethod: s.payment,
    };
    this.out.transactions.write(line);
    if (s.extra) return;
    const r = this.#post;
    let unhappy = false;
    if (r.next() < P_REFUND) {
      unhappy = true;
      const type: TransactionType = r.next() < 0.4 ? "refund" : "return";
      const time = e.time + DAY_MS + r.int((type === "refund" ? 9 : 29) * 86_400) * 1000;
      const day = Math.floor((time - START_MS) / DAY_MS);
      if (time <= END_MS) {
        const quantity = sold === 1 ? 1 : 1 + r.int(sold);
        this.#refunds[day].push({ ...line, quantity, type, time });
        if (type === "refund") this.stats.refunds++;
        else this.stats.returns++;
      }
    }
    if (r.next() < P_REVIEW) {
      const time = e.time + DAY_MS + r.int(19 * 86_400) * 1000;
      if (time <= END_MS) {
        this.out.reviews.schedule(Math.floor((time - START_MS) / DAY_MS), {
          time,
          userId: s.userId,
          productId: p.id,
          orderId: line.orderId,
          rating: drawRating(r, unhappy),
        });
      }
    }
  }
}

function byTime(a: { time: number }, b: { time: number }): number {
  return a.time - b.time;
}
