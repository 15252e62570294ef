import assert from "node:assert/strict";
import {
  type SimulatedEvent,
  simulateEvents,
  type SimulateOptions,
} from "../../../dev/simulator/simulate_events.ts";

const START = Date.UTC(2024, 2, 1, 10, 0, 0);

function take(opts: SimulateOptions, n: number): SimulatedEvent[] {
  const events = simulateEvents(opts);
  return Array.from({ length: n }, () => events.next().value);
}

function until(opts: SimulateOptions, endMs: number): SimulatedEvent[] {
  const out: SimulatedEvent[] = [];
  for (const event of simulateEvents(opts)) {
    if (Date.parse(event.event_time) >= endMs) break;
    out.push(event);
  }
  return out;
}

Deno.test("simulateEvents() repeats exactly for a seed and start time, and differs for another seed", () => {
  const opts = { rate: 50, users: 300, seed: 11, startTime: START };
  assert.deepEqual(take(opts, 3000), take(opts, 3000));
  assert.notDeepEqual(take(opts, 50), take({ ...opts, seed: 12 }, 50));
});

Deno.test("simulateEvents() yields canonical activity fields in event-time order at the requested rate", () => {
  const events = until({ rate: 40, users: 500, seed: 3, startTime: START }, START + 10 * 60_000);
  // 40/s for 600 s: 24 000 expected; a Poisson count stays well within ±3 %.
  assert.ok(Math.abs(events.length - 24_000) < 720, `${events.length} events`);
  let previous = START;
  const ids = new Set<string>();
  for (const e of events) {
    assert.deepEqual(Object.keys(e), [
      "event_time",
      "event_type",
      "product_id",
      "category_id",
      "category_code",
      "brand",
      "price",
      "user_id",
      "user_session",
      "event_id",
    ]);
    const t = Date.parse(e.event_time);
    assert.ok(t >= previous, `${e.event_time} after ${new Date(previous).toISOString()}`);
    previous = t;
    assert.equal(e.event_time, new Date(t).toISOString());
    assert.ok(["view", "cart", "remove_from_cart", "purchase"].includes(e.event_type));
    assert.match(e.product_id, /^\d+$/);
    assert.match(e.user_id, /^\d+$/);
    assert.match(
      e.user_session,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.ok(e.price > 0);
    assert.ok(e.category_code === null || /^[a-z_]+(\.[a-z_]+)+$/.test(e.category_code));
    ids.add(e.event_id);
  }
  assert.equal(ids.size, events.length);
  const users = new Set(events.map((e) => e.user_id));
  assert.ok(users.size > 300 && users.size <= 500, `${users.size} users`);
});

Deno.test("simulateEvents() follows a funnel: a session buys only what it put in its cart", () => {
  const events = take({ rate: 50, users: 400, seed: 5, startTime: START }, 20_000);
  const carts = new Map<string, string[]>();
  const userOf = new Map<string, string>();
  const converted = new Set<string>();
  for (const e of events) {
    assert.equal(
      userOf.get(e.user_session) ?? e.user_id,
      e.user_id,
      "a session belongs to one user",
    );
    userOf.set(e.user_session, e.user_id);
    const cart = carts.get(e.user_session) ?? [];
    carts.set(e.user_session, cart);
    if (e.event_type === "cart") cart.push(e.product_id);
    if (e.event_type === "purchase" || e.event_type === "remove_from_cart") {
      assert.ok(cart.includes(e.product_id), `${e.event_type} of ${e.product_id} not in the cart`);
      cart.splice(cart.indexOf(e.product_id), 1);
      if (e.event_type === "purchase") converted.add(e.user_session);
    }
  }
  const rate = converted.size / userOf.size;
  assert.ok(rate > 0.05 && rate < 0.4, `session conversion ${rate}`);
});

Deno.test("simulateEvents() multiplies one event type's rate by the spike factor during the spike", () => {
  const spike = { eventType: "purchase" as const, factor: 6, at: 20 * 60_000, minutes: 10 };
  const events = until(
    { rate: 30, users: 2000, seed: 9, startTime: START, spike },
    START + 40 * 60_000,
  );
  const inSpike = (e: SimulatedEvent) => {
    const t = Date.parse(e.event_time) - START;
    return t >= spike.at && t < spike.at + spike.minutes * 60_000;
  };
  const purchases = events.filter((e) => e.event_type === "purchase");
  const during = purchases.filter(inSpike).length / 10;
  const outside = purchases.filter((e) => !inSpike(e)).length / 30;
  const ratio = during / outside;
  assert.ok(ratio > 4 && ratio < 8, `purchases per minute ${during} vs ${outside}`);
  const views = events.filter((e) => e.event_type === "view");
  const viewRatio = (views.filter(inSpike).length / 10) /
    (views.filter((e) => !inSpike(e)).length / 30);
  assert.ok(viewRatio > 0.8 && viewRatio < 1.2, `views ratio ${viewRatio}`);
});

Deno.test("simulateEvents() rejects a rate, user count or spike out of range, naming the value", () => {
  assert.throws(
    () => simulateEvents({ rate: 0, users: 1, seed: 1, startTime: 0 }).next(),
    /rate must be > 0 events\/s; got 0/,
  );
  assert.throws(
    () => simulateEvents({ rate: 1, users: 1.5, seed: 1, startTime: 0 }).next(),
    /users must be a positive integer; got 1.5/,
  );
  assert.throws(
    () =>
      simulateEvents({
        rate: 1,
        users: 1,
        seed: 1,
        startTime: 0,
        spike: { eventType: "view", factor: 1, at: 0, minutes: 1 },
      }).next(),
    /spike needs factor > 1/,
  );
});
