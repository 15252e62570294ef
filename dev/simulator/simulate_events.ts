/**
 * Simulated clickstream: canonical ActivityEvent JSON objects with sessions and a view → cart →
 * purchase funnel, deterministic for a seed.
 *
 * @module
 */

import type { EventType } from "../../operators/types.ts";
import { buildCatalog, pickProduct, type Product } from "./catalog.ts";
import { type Random, random } from "./random.ts";

/** One simulated event, in the native `shopease` JSON layout (CSV column names). */
export interface SimulatedEvent {
  event_time: string;
  event_type: EventType;
  product_id: string;
  category_id: string;
  category_code: string | null;
  brand: string | null;
  price: number;
  user_id: string;
  user_session: string;
  event_id: string;
}

/** A burst of one event type, for alert demos and tests. */
export interface SpikeSpec {
  eventType: EventType;
  /** The type's rate is multiplied by this during the spike (> 1). */
  factor: number;
  /** Start of the spike, ms after `startTime`. */
  at: number;
  /** Length of the spike in minutes. */
  minutes: number;
}

/** Options of {@linkcode simulateEvents}. */
export interface SimulateOptions {
  /** Mean events per second (arrivals are a Poisson process). */
  rate: number;
  /** Number of distinct shoppers. */
  users: number;
  seed: number;
  /** Event time of the start, ms since epoch. */
  startTime: number;
  spike?: SpikeSpec;
}

/**
 * Approximate share of each event type in the base traffic (measured over 100 000 events), used
 * to size a spike: the spike adds `rate × share × (factor − 1)` events per second of its type.
 */
export const TYPE_SHARE: Readonly<Record<EventType, number>> = {
  view: 0.872,
  cart: 0.09,
  remove_from_cart: 0.016,
  purchase: 0.022,
};

/** A session ends after 30 minutes without events. */
const SESSION_GAP_MS = 30 * 60_000;

interface Session {
  id: string;
  lastTime: number;
  /** The shopper left; their next event starts a new session. */
  ended: boolean;
  viewed: number[];
  cart: number[];
}

/** The shop's mutable state: catalog and each user's current session. */
interface Shop {
  rng: Random;
  catalog: Product[];
  users: number;
  sessions: Map<number, Session>;
  seed: number;
  sequence: number;
}

function sessionOf(shop: Shop, user: number, time: number): Session {
  let session = shop.sessions.get(user);
  if (session === undefined || session.ended || time - session.lastTime > SESSION_GAP_MS) {
    session = { id: shop.rng.uuid(), lastTime: time, ended: false, viewed: [], cart: [] };
    shop.sessions.set(user, session);
  }
  session.lastTime = time;
  return session;
}

/** Picks and removes a random element. */
function takeFrom(rng: Random, list: number[]): number {
  const i = rng.int(list.length);
  const value = list[i];
  list[i] = list[list.length - 1];
  list.pop();
  return value;
}

/** The next step of a session's funnel: browse, add to cart, drop from cart or buy. */
function nextStep(shop: Shop, session: Session): [EventType, number] {
  const { rng, catalog } = shop;
  const r = rng.next();
  if (session.cart.length > 0) {
    if (r < 0.07) return ["purchase", takeFrom(rng, session.cart)];
    if (r < 0.12) return ["remove_from_cart", takeFrom(rng, session.cart)];
  }
  if (session.viewed.length > 0 && r > 0.9) {
    const product = session.viewed[rng.int(session.viewed.length)];
    session.cart.push(product);
    return ["cart", product];
  }
  const product = pickProduct(rng, catalog.length);
  if (session.viewed.length < 20) session.viewed.push(product);
  return ["view", product];
}

/** An extra event of a spiking type, from a random shopper. */
function spikeStep(shop: Shop, session: Session, type: EventType): [EventType, number] {
  const { rng, catalog } = shop;
  const fromCart = (type === "purchase" || type === "remove_from_cart") && session.cart.length > 0;
  const product = fromCart ? takeFrom(rng, session.cart) : pickProduct(rng, catalog.length);
  if (type === "cart") session.cart.push(product);
  return [type, product];
}

function makeEvent(shop: Shop, time: number, spikeType: EventType | null): SimulatedEvent {
  const u = shop.rng.next();
  // Skewed activity: some shoppers come back far more often than others.
  const user = Math.floor(shop.users * u * u);
  const session = sessionOf(shop, user, time);
  const [type, index] = spikeType === null
    ? nextStep(shop, session)
    : spikeStep(shop, session, spikeType);
  const product = shop.catalog[index];
  // Sessions last about a dozen events; most shoppers leave soon after buying.
  session.ended = shop.rng.next() < (type === "purchase" ? 0.6 : 0.08);
  return {
    event_time: new Date(time).toISOString(),
    event_type: type,
    product_id: product.productId,
    category_id: product.categoryId,
    category_code: product.categoryCode,
    brand: product.brand,
    price: product.price,
    user_id: String(510_000_000 + user),
    user_session: session.id,
    event_id: `sim-${shop.seed}-${shop.sequence++}`,
  };
}

/**
 * Generates an endless, time-ordered stream of shopper events starting at `startTime`. Event
 * times come from the options alone (never the clock), so a seed and a start time always give
 * the same events. With `spike`, extra events of one type arrive during the spike window.
 *
 * @param opts rate, users, seed, start time and an optional spike
 * @returns a generator of events in event-time order
 * @throws {RangeError} when rate, users or the spike are out of range
 * @example
 * ```ts
 * const events = simulateEvents({ rate: 50, users: 1000, seed: 7, startTime: Date.UTC(2024, 0, 1) });
 * const first = events.next().value; // { event_time: "2024-01-01T00:00:00.0..Z", event_type: "view", … }
 * ```
 */
export function* simulateEvents(opts: SimulateOptions): Generator<SimulatedEvent, never> {
  const { rate, users, seed, startTime, spike } = opts;
  if (!(rate > 0)) throw new RangeError(`simulateEvents() rate must be > 0 events/s; got ${rate}`);
  if (!Number.isInteger(users) || users < 1) {
    throw new RangeError(`simulateEvents() users must be a positive integer; got ${users}`);
  }
  if (spike && (!(spike.factor > 1) || !(spike.minutes > 0) || !(spike.at >= 0))) {
    throw new RangeError(
      `simulateEvents() spike needs factor > 1, minutes > 0, at >= 0; got ${JSON.stringify(spike)}`,
    );
  }
  const rng = random(seed);
  const shop: Shop = {
    rng,
    catalog: buildCatalog(rng),
    users,
    sessions: new Map(),
    seed,
    sequence: 0,
  };
  const arrivals = random(seed ^ 0x5bd1e995);
  const perMs = rate / 1000;
  let nextBase = startTime + arrivals.exponential(perMs);
  let nextSpike = Infinity;
  let spikeEnd = -Infinity;
  let spikePerMs = 0;
  if (spike) {
    spikePerMs = perMs * TYPE_SHARE[spike.eventType] * (spike.factor - 1);
    spikeEnd = startTime + spike.at + spike.minutes * 60_000;
    nextSpike = startTime + spike.at + arrivals.exponential(spikePerMs);
  }
  while (true) {
    if (nextSpike < nextBase && nextSpike < spikeEnd) {
      yield makeEvent(shop, Math.floor(nextSpike), spike!.eventType);
      nextSpike += arrivals.exponential(spikePerMs);
    } else {
      yield makeEvent(shop, Math.floor(nextBase), null);
      nextBase += arrivals.exponential(perMs);
    }
  }
}
