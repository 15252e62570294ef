/**
 * Simulates one day of browsing sessions: each session views a few products (mostly of one
 * category), sometimes adds to cart or removes, and sometimes buys what is in the cart. Session
 * start times follow the day's intensity curve with stratified sampling, so per-minute traffic
 * is smooth and the day's event count is exactly its budget.
 *
 * @module
 */

import type { Catalog } from "./catalog.ts";
import type { Population } from "./population.ts";
import type { Prng } from "./prng.ts";
import { PAYMENT_METHODS } from "./payments.ts";

/** Event type codes, indexes into {@linkcode EVENT_TYPES}. */
export const VIEW = 0;
export const CART = 1;
export const REMOVE = 2;
export const PURCHASE = 3;

/** One browsing session; its order is created when its first purchase is emitted. */
export interface Session {
  userIndex: number;
  userId: string;
  uuid: string;
  /** Order number, or -1 before the session's first purchase is emitted. */
  order: number;
  payment: string;
  /** True for spike traffic, which draws no refunds or reviews (keeps other streams stable). */
  extra: boolean;
}

/** One clickstream event in the simulation. */
export interface SimEvent {
  time: number;
  type: number;
  product: number;
  quantity: number;
  session: Session;
}

/** Chance that a view adds the product to the cart (the `demo` scale doubles it). */
export const P_CART = 0.032;
const P_REMOVE = 0.05;
const P_BUY = 0.34;
const MAX_VIEWS = 24;

/**
 * Simulates sessions until `budget` events exist, then spreads their starts over the day.
 *
 * @param budget exact number of events to produce
 * @param dayStart ms of the day's midnight
 * @param curve cumulative intensity of the day's 1440 minutes
 * @param rng the main stream
 * @param catalog product samplers
 * @param users the population
 * @param out receives the events (unsorted across sessions)
 * @param pCart chance that a view adds to the cart
 * @returns the number of sessions created
 */
export function simulateDay(
  budget: number,
  dayStart: number,
  curve: Float64Array,
  rng: Prng,
  catalog: Catalog,
  users: Population,
  out: SimEvent[],
  pCart = P_CART,
): number {
  const starts: number[] = [];
  let left = budget;
  while (left > 0) {
    const userIndex = users.nextUser(rng);
    const session: Session = {
      userIndex,
      userId: users.userId(userIndex),
      uuid: rng.uuid(),
      order: -1,
      payment: rng.pick(PAYMENT_METHODS),
      extra: false,
    };
    starts.push(out.length);
    left -= simulateSession(rng, catalog, session, left, out, pCart);
  }
  // Stratified start quantiles: session k starts at quantile (k + u) / n of the day's curve.
  const n = starts.length;
  const total = curve[1439];
  for (let k = 0; k < n; k++) {
    const target = ((k + rng.next()) / n) * total;
    let lo = 0;
    let hi = 1439;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (curve[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : curve[lo - 1];
    const second = lo * 60 + Math.floor((60 * (target - before)) / (curve[lo] - before));
    const startMs = dayStart + Math.min(86_399, second) * 1000;
    const end = k + 1 < n ? starts[k + 1] : out.length;
    for (let i = starts[k]; i < end; i++) out[i].time += startMs;
  }
  return n;
}

/** Simulates one session with times relative to its start; returns how many events it added. */
function simulateSession(
  rng: Prng,
  catalog: Catalog,
  session: Session,
  left: number,
  out: SimEvent[],
  pCart: number,
): number {
  const before = out.length;
  const views = Math.min(MAX_VIEWS, 1 + geometric(rng, 0.25));
  const first = catalog.pick(rng);
  const category = catalog.products[first].categoryIndex;
  const cart: number[] = [];
  let t = 0;
  for (let i = 0; i < views && out.length - before < left; i++) {
    const product = i === 0
      ? first
      : rng.next() < 0.65
      ? catalog.pickInCategory(rng, category)
      : catalog.pick(rng);
    out.push({ time: t, type: VIEW, product, quantity: 0, session });
    t += gap(rng, 35);
    if (rng.next() < pCart && out.length - before < left) {
      out.push({ time: t, type: CART, product, quantity: 0, session });
      cart.push(product);
      t += gap(rng, 20);
    }
    if (cart.length > 0 && rng.next() < P_REMOVE && out.length - before < left) {
      const k = rng.int(cart.length);
      out.push({ time: t, type: REMOVE, product: cart[k], quantity: 0, session });
      cart.splice(k, 1);
      t += gap(rng, 20);
    }
  }
  if (cart.length > 0 && rng.next() < P_BUY) {
    t += gap(rng, 60);
    for (let i = 0; i < cart.length && out.length - before < left; i++) {
      const u = rng.next();
      const quantity = u < 0.85 ? 1 : u < 0.96 ? 2 : 3;
      out.push({ time: t, type: PURCHASE, product: cart[i], quantity, session });
      t += 1000 + rng.int(4) * 1000;
    }
  }
  return out.length - before;
}

/** Number of failures before the first success, for success probability `p`. */
function geometric(rng: Prng, p: number): number {
  return Math.floor(Math.log(1 - rng.next()) / Math.log(1 - p));
}

/** A pause between two clicks: whole seconds, roughly exponential with the given mean. */
function gap(rng: Prng, meanSeconds: number): number {
  const s = 3 + Math.floor(-Math.log(1 - rng.next()) * meanSeconds);
  return Math.min(600, s) * 1000;
}
