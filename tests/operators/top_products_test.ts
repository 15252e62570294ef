import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { lastCompleteMonth, topProducts } from "../../operators/top_products.ts";
import type { AnyBatch, Transaction, TransactionType } from "../../operators/types.ts";

let nextId = 0;

function line(
  time: number,
  productId: string,
  quantity: number,
  priceMicros: number,
  type: TransactionType = "purchase",
): Transaction {
  return {
    transactionId: `t${nextId++}`,
    orderId: `o${nextId}`,
    userId: "u1",
    productId,
    quantity,
    unitPrice: priceMicros / 1e6,
    unitPriceMicros: priceMicros,
    type,
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

function batch(records: Transaction[], watermark?: number): AnyBatch {
  return { table: "transactions", records, quarantine: [], watermark };
}

const JAN = Date.UTC(2011, 0, 10);
const FEB = Date.UTC(2011, 1, 10);

Deno.test("topProducts() ranks by units, breaking ties by product id in code-unit order", async () => {
  const out = await lastValueFrom(
    from([
      batch([
        line(JAN, "P9", 5, 1_000_000),
        line(JAN, "P10", 5, 2_000_000), // "P10" < "P9" as strings
        line(JAN, "A", 7, 100_000),
        line(JAN, "a", 5, 1_000_000), // lower case sorts after upper case
        line(JAN, "Z", 4, 1_000_000),
        line(JAN + 1, "A", 3, 100_000, "refund"), // refunds do not reduce units
      ]),
    ]).pipe(topProducts(4), toArray()),
  );
  assert.deepEqual(out, [[
    { month: "2011-01", rank: 1, product_id: "A", units: 7, revenue: 0.7 },
    { month: "2011-01", rank: 2, product_id: "P10", units: 5, revenue: 10 },
    { month: "2011-01", rank: 3, product_id: "P9", units: 5, revenue: 5 },
    { month: "2011-01", rank: 4, product_id: "a", units: 5, revenue: 5 },
  ]]);
});

Deno.test("topProducts() sums units and exact revenue per product over several lines", async () => {
  const out = await lastValueFrom(
    from([
      batch([
        line(JAN, "P1", 6, 2_550_000),
        line(JAN + 1, "P1", 1, 100_000),
        line(JAN + 2, "P1", 1, 200_000),
        line(JAN + 3, "P2", 2, 1_000),
      ]),
    ]).pipe(topProducts(), toArray()),
  );
  assert.deepEqual(out, [[
    { month: "2011-01", rank: 1, product_id: "P1", units: 8, revenue: 15.6 },
    { month: "2011-01", rank: 2, product_id: "P2", units: 2, revenue: 0 },
  ]]);
});

Deno.test("topProducts() ranks each month separately and emits a month when the watermark passes it", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-|", {
      a: batch([line(JAN, "P1", 1, 1_000_000), line(JAN, "P2", 2, 1_000_000)], JAN),
      b: batch([line(FEB, "P1", 3, 1_000_000)], Date.UTC(2011, 1, 1)),
    });
    expectObservable(source.pipe(topProducts(1))).toBe("---x-(y|)", {
      x: [{ month: "2011-01", rank: 1, product_id: "P2", units: 2, revenue: 2 }],
      y: [{ month: "2011-02", rank: 1, product_id: "P1", units: 3, revenue: 3 }],
    });
  });
});

Deno.test("topProducts() rejects n below 1, naming the value", () => {
  assert.throws(() => topProducts(0), /got 0/);
  assert.throws(() => topProducts(2.5), RangeError);
});

Deno.test("lastCompleteMonth() is the last month that ended at or before the latest transaction", () => {
  assert.equal(lastCompleteMonth(Date.UTC(2011, 11, 9, 12, 50)), "2011-11");
  assert.equal(lastCompleteMonth(Date.UTC(2011, 11, 1)), "2011-11");
  assert.equal(lastCompleteMonth(Date.UTC(2011, 11, 1) - 1), "2011-10");
  assert.equal(lastCompleteMonth(Date.UTC(2012, 0, 15)), "2011-12");
  assert.equal(lastCompleteMonth(Date.UTC(2012, 0, 1)), "2011-12");
});

Deno.test("lastCompleteMonth() rejects a non-finite time, naming it", () => {
  assert.throws(() => lastCompleteMonth(NaN), /got NaN/);
});

Deno.test("topProducts() gives the same rows however the input is split into batches", async () => {
  let seed = 9;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const lines: Transaction[] = [];
  let time = Date.UTC(2011, 0, 1);
  for (let i = 0; i < 2_000; i++) {
    time += Math.floor(random() * 7_200_000);
    const product = `P${Math.floor(random() * 30)}`;
    lines.push(line(time, product, 1 + Math.floor(random() * 4), 1 + Math.floor(random() * 9e6)));
  }
  const whole = await lastValueFrom(from([batch(lines)]).pipe(topProducts(5), toArray()));
  const batches: AnyBatch[] = [];
  for (let i = 0; i < lines.length; i += 37) {
    const part = lines.slice(i, i + 37);
    batches.push(batch(part, part[part.length - 1].eventTime));
  }
  const split = await lastValueFrom(from(batches).pipe(topProducts(5), toArray()));
  assert.ok(split.length > 1);
  assert.deepEqual(split.flat(), whole.flat());
  assert.equal(whole.flat().length, 5 * 3, "three months of five products");
});

Deno.test("topProducts(n, 'revenue') ranks by exact revenue, ties by units then product id", async () => {
  const out = await lastValueFrom(
    from([
      batch([
        line(JAN, "cheap", 100, 1_000_000), // 100.00 from 100 units
        line(JAN, "dear", 1, 250_000_000), // 250.00 from one unit
        line(JAN, "mid", 2, 50_000_000), // 100.00 from 2 units: below "cheap" on units
        line(JAN, "zero", 3, 10_000),
      ]),
    ]).pipe(topProducts(3, "revenue"), toArray()),
  );
  assert.deepEqual(out, [[
    { month: "2011-01", rank: 1, product_id: "dear", units: 1, revenue: 250 },
    { month: "2011-01", rank: 2, product_id: "cheap", units: 100, revenue: 100 },
    { month: "2011-01", rank: 3, product_id: "mid", units: 2, revenue: 100 },
  ]]);
});
