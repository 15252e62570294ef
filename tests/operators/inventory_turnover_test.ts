import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { inventoryTurnover } from "../../operators/inventory_turnover.ts";
import type {
  AnyBatch,
  InventoryUpdate,
  Transaction,
  TransactionType,
} from "../../operators/types.ts";

const day = (month: number, date: number) => Date.UTC(2011, month, date);

function stock(
  time: number,
  productId: string,
  category: string,
  stockLevel: number | null,
): InventoryUpdate {
  return {
    productId,
    name: productId,
    category,
    brand: null,
    unitCost: null,
    price: null,
    stockLevel,
    change: "adjustment",
    warehouse: null,
    eventTime: time,
  };
}

let nextId = 0;
function sale(
  time: number,
  productId: string,
  quantity: number,
  type: TransactionType = "purchase",
): Transaction {
  return {
    transactionId: `t${nextId++}`,
    orderId: `o${nextId}`,
    userId: "u",
    productId,
    quantity,
    unitPrice: 1,
    unitPriceMicros: 1_000_000,
    type,
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

const inv = (records: InventoryUpdate[], watermark?: number): AnyBatch => ({
  table: "inventory",
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

async function run(batches: AnyBatch[]) {
  return (await lastValueFrom(from(batches).pipe(inventoryTurnover(), toArray()))).flat();
}

function row(
  month: string,
  category: string,
  units_sold: number,
  opening_stock: number,
  closing_stock: number,
  turnover: number | null,
) {
  const avg_stock = (opening_stock + closing_stock) / 2;
  return { month, category, units_sold, opening_stock, closing_stock, avg_stock, turnover };
}

Deno.test("inventoryTurnover() computes units, opening, closing, average and turnover per category", async () => {
  const out = await run([
    inv([
      stock(day(0, 5), "A", "electronics", 100),
      stock(day(0, 10), "B", "electronics", 40),
      stock(day(0, 15), "C", "books", 10),
      stock(day(0, 20), "A", "electronics", 150),
      stock(day(1, 3), "A", "electronics", 130),
    ]),
    txs([
      sale(day(0, 6), "A", 15),
      sale(day(0, 7), "D", 3), // never in inventory
      sale(day(0, 8), "A", 5),
      sale(day(0, 9), "A", 4, "refund"), // not a sale
      sale(day(1, 4), "A", 10),
      sale(day(1, 5), "C", 2),
    ]),
  ]);
  assert.deepEqual(out, [
    row("2011-01", "books", 0, 0, 10, 0),
    row("2011-01", "electronics", 20, 0, 190, 0.2105), // 20 / 95
    row("2011-01", "unknown", 3, 0, 0, null),
    row("2011-02", "books", 2, 10, 10, 0.2),
    row("2011-02", "electronics", 10, 190, 170, 0.0556), // 10 / 180
  ]);
});

Deno.test("inventoryTurnover() closes a month on the minimum of both tables' watermarks (marbles)", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-c|", {
      a: inv([stock(day(0, 5), "A", "home", 100)], day(0, 5)),
      b: txs([sale(day(0, 10), "A", 10)], day(1, 2)), // inventory still holds January open
      c: inv([stock(day(1, 3), "A", "home", 50)], day(1, 1)), // February data must not leak
    });
    expectObservable(source.pipe(inventoryTurnover())).toBe("-----x(y|)", {
      x: [row("2011-01", "home", 10, 0, 100, 0.2)],
      y: [row("2011-02", "home", 0, 100, 50, 0)],
    });
  });
});

Deno.test("inventoryTurnover() applies updates in event-time order whatever their arrival order", async () => {
  const updates = [
    stock(day(0, 31), "A", "home", 80),
    stock(day(1, 1), "A", "home", 60),
    stock(day(0, 2), "A", "home", 100),
  ];
  const expected = [row("2011-01", "home", 0, 0, 80, 0), row("2011-02", "home", 0, 80, 60, 0)];
  assert.deepEqual(await run([inv(updates, day(0, 1))]), expected);
  assert.deepEqual(
    await run([inv([updates[1]], day(0, 1)), inv([updates[2], updates[0]])]),
    expected,
  );
});

Deno.test("inventoryTurnover() reports a month without events from the stock carried forward", async () => {
  const out = await run([
    inv([stock(day(0, 5), "A", "sports", 20)]),
    txs([sale(day(2, 5), "A", 5)]),
  ]);
  assert.deepEqual(out, [
    row("2011-01", "sports", 0, 0, 20, 0),
    row("2011-02", "sports", 0, 20, 20, 0),
    row("2011-03", "sports", 5, 20, 20, 0.25),
  ]);
});

Deno.test("inventoryTurnover() puts a product in its category as of the month's end", async () => {
  const out = await run([
    inv([
      stock(day(0, 5), "A", "electronics", 100),
      stock(day(1, 20), "A", "computers", 30),
    ]),
    txs([sale(day(1, 2), "A", 7)]), // sold while still "electronics", counted under the end category
  ]);
  assert.deepEqual(out, [
    row("2011-01", "electronics", 0, 0, 100, 0),
    row("2011-02", "computers", 7, 100, 30, 0.1077), // 7 / 65
  ]);
});

Deno.test("inventoryTurnover() keeps the last level for an update without one and takes its category", async () => {
  const out = await run([
    inv([stock(day(0, 5), "A", "home", 10), stock(day(0, 6), "A", "beauty", null)]),
  ]);
  assert.deepEqual(out, [row("2011-01", "beauty", 0, 0, 10, 0)]);
});

Deno.test("inventoryTurnover() gives the same rows for any split and any order within lateness", async () => {
  let seed = 1234;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const lateness = 6 * 3_600_000;
  const categories = ["home", "books", "sports"];
  type Item = {
    key: number;
    batch: "inventory" | "transactions";
    record: InventoryUpdate | Transaction;
  };
  const items: Item[] = [];
  let time = day(0, 1);
  for (let i = 0; i < 3_000; i++) {
    time += Math.floor(random() * 3_600_000);
    const product = `P${Math.floor(random() * 20)}`;
    const key = time + random() * lateness; // arrival order: at most `lateness` behind
    if (random() < 0.3) {
      const category = categories[Math.floor(random() * 3)];
      items.push({
        key,
        batch: "inventory",
        record: stock(time, product, category, Math.floor(random() * 500)),
      });
    } else {
      items.push({
        key,
        batch: "transactions",
        record: sale(time, product, 1 + Math.floor(random() * 5)),
      });
    }
  }
  const inOrder = await run([
    inv(items.filter((i) => i.batch === "inventory").map((i) => i.record as InventoryUpdate)),
    txs(items.filter((i) => i.batch === "transactions").map((i) => i.record as Transaction)),
  ]);
  items.sort((a, b) => a.key - b.key);
  const batches: AnyBatch[] = [];
  const maxSeen = { inventory: -Infinity, transactions: -Infinity };
  for (let i = 0; i < items.length;) {
    const table = items[i].batch;
    const records = [];
    while (i < items.length && items[i].batch === table && records.length < 25) {
      const record = items[i++].record;
      assert.ok(record.eventTime >= maxSeen[table] - lateness, "no record is late");
      maxSeen[table] = Math.max(maxSeen[table], record.eventTime);
      records.push(record);
    }
    const watermark = maxSeen[table] - lateness;
    batches.push(
      table === "inventory"
        ? inv(records as InventoryUpdate[], watermark)
        : txs(records as Transaction[], watermark),
    );
  }
  const shuffled = await run(batches);
  assert.deepEqual(shuffled, inOrder);
  assert.equal(new Set(inOrder.map((r) => r.month)).size, 3);
});
