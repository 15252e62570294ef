import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { monthlyRevenue } from "../../operators/monthly_revenue.ts";
import type { AnyBatch, Transaction, TransactionType } from "../../operators/types.ts";

let nextId = 0;

/** One transaction line; `price` is the decimal text, turned into exact micros. */
function line(
  time: number,
  orderId: string,
  quantity: number,
  price: string,
  type: TransactionType = "purchase",
): Transaction {
  const [whole, fraction = ""] = price.split(".");
  const unitPriceMicros = Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"));
  return {
    transactionId: `t${nextId++}`,
    orderId,
    userId: "u1",
    productId: "P1",
    quantity,
    unitPrice: Number(price),
    unitPriceMicros,
    type,
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

function batch(records: Transaction[], watermark?: number): AnyBatch {
  return { table: "transactions", records, quarantine: [], watermark };
}

async function run(batches: AnyBatch[]) {
  return await lastValueFrom(from(batches).pipe(monthlyRevenue(), toArray()));
}

const JAN = Date.UTC(2011, 0, 15);
const FEB = Date.UTC(2011, 1, 15);
const MAR1 = Date.UTC(2011, 2, 1);

Deno.test("monthlyRevenue() sums gross, refunds and returns per month and counts distinct orders", async () => {
  const out = await run([
    batch([
      line(JAN, "o1", 2, "10.00"),
      line(JAN + 1, "o1", 1, "5.50"),
      line(JAN + 2, "o2", 3, "1.25"),
      line(JAN + 3, "o1", 1, "5.50", "refund"),
      line(JAN + 4, "o2", 1, "1.25", "return"),
      line(FEB, "o3", 1, "99.99"),
      line(FEB + 1, "o9", 2, "4.00", "refund"),
    ]),
  ]);
  assert.deepEqual(out, [[
    { month: "2011-01", gross: 29.25, refunds: 5.5, returns: 1.25, net: 22.5, orders: 2 },
    { month: "2011-02", gross: 99.99, refunds: 8, returns: 0, net: 91.99, orders: 1 },
  ]]);
});

Deno.test("monthlyRevenue() is exact to the cent on 2.55 × 6, 0.1 + 0.2 and 0.001 prices", async () => {
  const out = await run([
    batch([
      line(JAN, "o1", 6, "2.55"), // 15.30, not 15.299999999999999
      line(JAN, "o2", 1, "0.1"),
      line(JAN, "o2", 1, "0.2"),
      line(JAN, "o3", 5, "0.001"), // 0.005 → 0.01
      line(JAN, "o4", 3, "0.001", "refund"), // 0.003 → 0.00
    ]),
  ]);
  const [row] = out[0];
  assert.equal(row.gross, 15.61); // 15.3 + 0.3 + 0.005 = 15.605 → 15.61
  assert.equal(row.refunds, 0);
  // net is rounded once from the exact 15.602, not taken from the rounded columns.
  assert.equal(row.net, 15.6);
  assert.equal(row.orders, 3, "o4 has only a refund line");
});

Deno.test("monthlyRevenue() keeps sums past 2^53 micros exact", async () => {
  const lines: Transaction[] = [];
  for (let i = 0; i < 100; i++) lines.push(line(JAN, `o${i}`, 1_000_000, "99999.99"));
  const [[row]] = await run([batch(lines)]);
  // 100 × 1e6 × 99999.99 = 9 999 999 000 000 exactly.
  assert.equal(row.gross, 9_999_999_000_000);
});

Deno.test("monthlyRevenue() ignores other tables' batches", async () => {
  const inventory: AnyBatch = { table: "inventory", records: [], quarantine: [], watermark: 0 };
  const out = await run([batch([line(JAN, "o1", 1, "1.00")], JAN), inventory]);
  assert.deepEqual(out, [[
    { month: "2011-01", gross: 1, refunds: 0, returns: 0, net: 1, orders: 1 },
  ]]);
});

Deno.test("monthlyRevenue() closes a month only when the watermark reaches its end (marbles)", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-c-d-e|", {
      a: batch([line(JAN, "o1", 1, "10.00")], JAN),
      b: batch([line(FEB, "o2", 2, "3.00")], FEB), // January closes
      c: batch([line(MAR1 - 1, "o3", 1, "1.00")], MAR1 - 1), // February still open
      d: batch([line(MAR1 + 5, "o4", 1, "7.00")], MAR1), // exactly at the end: closes
      e: batch([line(MAR1 + 6, "o4", 1, "0.50", "refund")], MAR1 + 6),
    });
    expectObservable(source.pipe(monthlyRevenue())).toBe("---x---y--(z|)", {
      x: [{ month: "2011-01", gross: 10, refunds: 0, returns: 0, net: 10, orders: 1 }],
      y: [{ month: "2011-02", gross: 7, refunds: 0, returns: 0, net: 7, orders: 2 }],
      z: [{ month: "2011-03", gross: 7, refunds: 0.5, returns: 0, net: 6.5, orders: 1 }],
    });
  });
});

Deno.test("monthlyRevenue() emits all months closed by one watermark jump in one array", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-|", {
      a: batch([line(JAN, "o1", 1, "1.00"), line(FEB, "o2", 1, "2.00")], JAN),
      b: batch([], Infinity),
    });
    expectObservable(source.pipe(monthlyRevenue())).toBe("---x-|", {
      x: [
        { month: "2011-01", gross: 1, refunds: 0, returns: 0, net: 1, orders: 1 },
        { month: "2011-02", gross: 2, refunds: 0, returns: 0, net: 2, orders: 1 },
      ],
    });
  });
});

Deno.test("monthlyRevenue() gives the same rows however the input is split into batches", async () => {
  let seed = 42;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const types: TransactionType[] = ["purchase", "purchase", "purchase", "refund", "return"];
  const lines: Transaction[] = [];
  let time = Date.UTC(2010, 11, 1);
  for (let i = 0; i < 3_000; i++) {
    time += Math.floor(random() * 3_600_000 * 3);
    const cents = 1 + Math.floor(random() * 100_000);
    const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}5`;
    lines.push(
      line(time, `o${Math.floor(i / 3)}`, 1 + Math.floor(random() * 9), price, types[i % 5]),
    );
  }
  const whole = (await run([batch(lines, Infinity)])).flat();
  const batches: AnyBatch[] = [];
  for (let i = 0; i < lines.length;) {
    const size = 1 + Math.floor(random() * 200);
    const part = lines.slice(i, i + size);
    batches.push(batch(part, part[part.length - 1].eventTime - 3_600_000));
    i += size;
  }
  const split = await run(batches);
  assert.ok(split.length > 1, "the split run emits as months close");
  assert.deepEqual(split.flat(), whole);
  assert.equal(whole.length, 7, "December 2010 to June 2011");
});
