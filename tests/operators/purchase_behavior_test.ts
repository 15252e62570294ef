import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { purchaseBehavior, type PurchaseBehaviorRow } from "../../operators/purchase_behavior.ts";
import { roundRatio } from "../../operators/money.ts";
import { monthKey } from "../../operators/month_window.ts";
import type {
  ActivityEvent,
  AnyBatch,
  EventType,
  Transaction,
  TransactionType,
} from "../../operators/types.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const LOOKBACK = 24 * HOUR;

let nextId = 0;

function event(time: number, type: EventType, userId: string, productId: string): ActivityEvent {
  return {
    eventId: `e${nextId++}`,
    eventTime: time,
    eventType: type,
    productId,
    categoryId: null,
    categoryCode: null,
    brand: null,
    price: null,
    userId,
    userSession: `s-${userId}`,
  };
}

function line(
  time: number,
  userId: string,
  productId: string,
  type: TransactionType = "purchase",
): Transaction {
  return {
    transactionId: `t${nextId++}`,
    orderId: `o${nextId}`,
    userId,
    productId,
    quantity: 1,
    unitPrice: 1,
    unitPriceMicros: 1_000_000,
    type,
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

const act = (records: ActivityEvent[], watermark?: number): AnyBatch => ({
  table: "activity",
  records,
  quarantine: [],
  watermark,
});
const txs = (records: Transaction[], watermark?: number): AnyBatch => ({
  table: "transactions",
  records,
  quarantine: [],
  watermark,
});

async function run(batches: AnyBatch[], lookback = LOOKBACK) {
  return (await lastValueFrom(from(batches).pipe(purchaseBehavior({ lookback }), toArray())))
    .flat();
}

const T0 = Date.UTC(2011, 0, 15, 12);
const T3 = Date.UTC(2011, 0, 25, 12);

Deno.test("purchaseBehavior() counts views in [t - lookback, t] of the same user and product only", async () => {
  const out = await run([
    act([
      event(T0 - LOOKBACK - 1, "view", "u1", "P1"), // just outside
      event(T0 - LOOKBACK, "view", "u1", "P1"), // boundary: counts, first view
      event(T0 - HOUR, "view", "u1", "P1"),
      event(T0, "view", "u1", "P1"), // same instant: counts
      event(T0 + 1, "view", "u1", "P1"), // after the purchase
      event(T0 - HOUR, "view", "u2", "P1"), // another user
      event(T0 - HOUR, "view", "u1", "P2"), // another product
      event(T3 - 30 * MINUTE, "view", "u3", "P3"),
      event(T3 - 10 * MINUTE, "view", "u3", "P3"),
      event(Date.UTC(2011, 0, 31, 23), "view", "u4", "P4"),
      event(T3, "cart", "u3", "P3"),
      event(T3, "cart", "u1", "P1"),
      event(T3, "cart", "u2", "P2"),
      event(T3, "purchase", "u3", "P3"),
      event(T3, "purchase", "u1", "P1"),
      event(T3, "remove_from_cart", "u2", "P2"),
      event(Date.UTC(2011, 1, 3), "view", "u9", "P9"),
    ]),
    txs([
      line(T0, "u1", "P1"),
      line(Date.UTC(2011, 0, 20), "u2", "P2"), // no views
      line(T3, "u3", "P3"),
      line(T3 + 1, "u3", "P3", "refund"), // not a purchase
      line(Date.UTC(2011, 1, 1, 1), "u4", "P4"), // joins a view from the previous month
    ]),
  ]);
  const expected: PurchaseBehaviorRow[] = [
    {
      month: "2011-01",
      purchases: 3,
      purchases_with_prior_views: 2,
      avg_views_before_purchase: 2.5, // (3 + 2) / 2
      median_minutes_first_view_to_purchase: 735, // mean of 1440 and 30
      view_to_cart_rate: 0.3, // 3 carts / 10 views
      cart_to_purchase_rate: 0.6667, // 2 / 3
    },
    {
      month: "2011-02",
      purchases: 1,
      purchases_with_prior_views: 1,
      avg_views_before_purchase: 1,
      median_minutes_first_view_to_purchase: 120,
      view_to_cart_rate: 0,
      cart_to_purchase_rate: null,
    },
  ];
  assert.deepEqual(out, expected);
});

Deno.test("purchaseBehavior() takes the middle value of an odd count and rounds to 2 decimals", async () => {
  const out = await run([
    act([
      event(T0 - 10 * MINUTE, "view", "u1", "P1"),
      event(T0 - 20 * MINUTE - 1_000, "view", "u2", "P1"),
      event(T0 - 90 * MINUTE, "view", "u3", "P1"),
    ]),
    txs([line(T0, "u1", "P1"), line(T0, "u2", "P1"), line(T0, "u3", "P1")]),
  ]);
  assert.equal(out[0].median_minutes_first_view_to_purchase, 20.02); // 20 min 1 s = 20.0166…
});

Deno.test("purchaseBehavior() reports nulls for a month with neither views, carts nor joined purchases", async () => {
  const out = await run([txs([line(T0, "u1", "P1")])]);
  assert.deepEqual(out, [{
    month: "2011-01",
    purchases: 1,
    purchases_with_prior_views: 0,
    avg_views_before_purchase: null,
    median_minutes_first_view_to_purchase: null,
    view_to_cart_rate: null,
    cart_to_purchase_rate: null,
  }]);
});

Deno.test("purchaseBehavior() with lookback 0 counts only views at the purchase instant", async () => {
  const out = await run([
    act([event(T0 - 1, "view", "u1", "P1"), event(T0, "view", "u1", "P1")]),
    txs([line(T0, "u1", "P1")]),
  ], 0);
  assert.equal(out[0].purchases_with_prior_views, 1);
  assert.equal(out[0].avg_views_before_purchase, 1);
  assert.equal(out[0].median_minutes_first_view_to_purchase, 0);
});

Deno.test("purchaseBehavior() rejects a negative lookback, naming it", () => {
  assert.throws(() => purchaseBehavior({ lookback: -1 }), /got -1/);
});

Deno.test("purchaseBehavior() joins a purchase only after both watermarks pass it (marbles)", () => {
  const feb1 = Date.UTC(2011, 1, 1);
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-c-d|", {
      a: txs([line(T0, "u1", "P1")], T0),
      b: act([event(T0 - 5 * MINUTE, "view", "u1", "P1")], T0 - HOUR), // view arrives late, in time
      c: act([], feb1), // transactions still at T0: nothing joins or closes
      d: txs([], feb1),
    });
    expectObservable(source.pipe(purchaseBehavior())).toBe("-------x|", {
      x: [{
        month: "2011-01",
        purchases: 1,
        purchases_with_prior_views: 1,
        avg_views_before_purchase: 1,
        median_minutes_first_view_to_purchase: 5,
        view_to_cart_rate: 0,
        cart_to_purchase_rate: null,
      }],
    });
  });
});

/** A straightforward reference: every purchase scans every view. */
function reference(
  views: ActivityEvent[],
  events: ActivityEvent[],
  lines: Transaction[],
  lookback: number,
) {
  const months = new Map<
    string,
    { p: number; w: number; s: number; d: number[]; v: number; c: number; b: number }
  >();
  const month = (t: number) => {
    const key = monthKey(t);
    if (!months.has(key)) months.set(key, { p: 0, w: 0, s: 0, d: [], v: 0, c: 0, b: 0 });
    return months.get(key)!;
  };
  for (const e of events) {
    if (e.eventType === "view") month(e.eventTime).v++;
    if (e.eventType === "cart") month(e.eventTime).c++;
    if (e.eventType === "purchase") month(e.eventTime).b++;
  }
  for (const l of lines) {
    if (l.type !== "purchase") continue;
    const m = month(l.eventTime);
    m.p++;
    const seen = views.filter((v) =>
      v.userId === l.userId && v.productId === l.productId && v.eventTime <= l.eventTime &&
      v.eventTime >= l.eventTime - lookback
    );
    if (seen.length === 0) continue;
    m.w++;
    m.s += seen.length;
    m.d.push(l.eventTime - Math.min(...seen.map((v) => v.eventTime)));
  }
  return [...months.keys()].sort().map((key) => {
    const m = months.get(key)!;
    const d = m.d.sort((a, b) => a - b);
    const n = d.length;
    return {
      month: key,
      purchases: m.p,
      purchases_with_prior_views: m.w,
      avg_views_before_purchase: roundRatio(m.s, m.w, 4),
      median_minutes_first_view_to_purchase: n === 0
        ? null
        : n % 2 === 1
        ? roundRatio(d[(n - 1) / 2], MINUTE, 2)
        : roundRatio(d[n / 2 - 1] + d[n / 2], 2 * MINUTE, 2),
      view_to_cart_rate: roundRatio(m.c, m.v, 4),
      cart_to_purchase_rate: roundRatio(m.b, m.c, 4),
    };
  });
}

Deno.test("purchaseBehavior() matches a brute-force join for any batch split and arrival order within lateness", async () => {
  let seed = 2024;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const lateness = 3 * HOUR;
  const lookback = 2 * HOUR;
  const types: EventType[] = ["view", "view", "view", "cart", "purchase", "remove_from_cart"];
  type Item = {
    key: number;
    record: ActivityEvent | Transaction;
    table: "activity" | "transactions";
  };
  const items: Item[] = [];
  let time = Date.UTC(2011, 0, 20);
  for (let i = 0; i < 4_000; i++) {
    time += Math.floor(random() * 40 * MINUTE);
    const user = `u${Math.floor(random() * 3)}`;
    const product = `P${Math.floor(random() * 2)}`;
    const key = time + random() * lateness;
    if (random() < 0.75) {
      items.push({
        key,
        table: "activity",
        record: event(time, types[Math.floor(random() * 6)], user, product),
      });
    } else {
      const type = random() < 0.9 ? "purchase" : "refund";
      items.push({ key, table: "transactions", record: line(time, user, product, type) });
    }
  }
  const events = items.filter((i) => i.table === "activity").map((i) => i.record as ActivityEvent);
  const lines = items.filter((i) => i.table === "transactions").map((i) => i.record as Transaction);
  const expected = reference(events.filter((e) => e.eventType === "view"), events, lines, lookback);
  assert.ok(expected.length >= 3);
  assert.ok(expected.every((r) => r.purchases_with_prior_views > 0));

  assert.deepEqual(await run([txs(lines), act(events)], lookback), expected, "one batch each");

  for (const size of [1, 17, 400]) {
    const arrival = [...items].sort((a, b) => a.key - b.key);
    const batches: AnyBatch[] = [];
    const maxSeen = { activity: -Infinity, transactions: -Infinity };
    for (let i = 0; i < arrival.length;) {
      const table = arrival[i].table;
      const records = [];
      while (i < arrival.length && arrival[i].table === table && records.length < size) {
        const record = arrival[i++].record;
        assert.ok(record.eventTime >= maxSeen[table] - lateness, "no record is late");
        maxSeen[table] = Math.max(maxSeen[table], record.eventTime);
        records.push(record);
      }
      const watermark = maxSeen[table] - lateness;
      batches.push(
        table === "activity"
          ? act(records as ActivityEvent[], watermark)
          : txs(records as Transaction[], watermark),
      );
    }
    const stream = await lastValueFrom(
      from(batches).pipe(purchaseBehavior({ lookback }), toArray()),
    );
    assert.ok(stream.length > 1, "months are emitted as they close");
    assert.deepEqual(stream.flat(), expected, `batches of ${size}`);
  }
});

Deno.test("purchaseBehavior() joins many users' views of long product ids as they are evicted", async () => {
  let seed = 99;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const lookback = HOUR;
  const events: ActivityEvent[] = [];
  const lines: Transaction[] = [];
  const batches: AnyBatch[] = [];
  let time = Date.UTC(2011, 1, 20);
  for (let b = 0; b < 300; b++) {
    const batchEvents: ActivityEvent[] = [];
    const batchLines: Transaction[] = [];
    for (let i = 0; i < 20; i++) {
      time += Math.floor(random() * 3 * MINUTE);
      const user = `u${Math.floor(random() * 50)}`;
      // 13+ chars: kept as copies by the operator, so they must still compare equal.
      const product = `product-${"0".repeat(10)}${Math.floor(random() * 4)}`;
      if (random() < 0.8) {
        batchEvents.push(event(time, random() < 0.9 ? "view" : "cart", user, product));
      } else batchLines.push(line(time, user, product));
    }
    events.push(...batchEvents);
    lines.push(...batchLines);
    batches.push(act(batchEvents, time), txs(batchLines, time));
  }
  const expected = reference(events.filter((e) => e.eventType === "view"), events, lines, lookback);
  assert.ok(expected.some((r) => r.purchases_with_prior_views > 10));
  assert.deepEqual(await run(batches, lookback), expected);
});
