import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { type Decoder, validate } from "../../operators/validate.ts";
import type { AnyBatch, RawBatch, RawRecord, TableName } from "../../operators/types.ts";

function raw(table: TableName, line: number, fields: Record<string, unknown>): RawRecord {
  return {
    source: table,
    position: `${table}.csv:line ${line}`,
    raw: Object.values(fields).join(","),
    fields,
  };
}

function rawBatch(
  table: TableName,
  records: RawRecord[],
  quarantine: RawBatch["quarantine"] = [],
): RawBatch {
  return { table, records, quarantine, bytesRead: 0, bytesTotal: 0 };
}

function tx(line: number, id: string, overrides: Record<string, unknown> = {}): RawRecord {
  return raw("transactions", line, {
    transaction_id: id,
    order_id: "o1",
    user_id: "u1",
    product_id: "p1",
    quantity: "1",
    unit_price: "10.00",
    type: "purchase",
    timestamp: "2019-10-01 12:00:00 UTC",
    ...overrides,
  });
}

async function run(batches: RawBatch[], op = validate()): Promise<AnyBatch[]> {
  return await lastValueFrom(from(batches).pipe(op, toArray()));
}

Deno.test("validate() turns each bad row into a quarantine row with reason, position, raw and time", async () => {
  const bad = tx(3, "t2", { unit_price: "-1" });
  const [out] = await run([rawBatch("transactions", [tx(2, "t1"), bad])]);
  assert.equal(out.records.length, 1);
  assert.deepEqual(out.quarantine, [{
    source: "transactions",
    position: "transactions.csv:line 3",
    reason: "invalid_price",
    raw: bad.raw,
    eventTime: Date.UTC(2019, 9, 1, 12),
  }]);
});

Deno.test("validate() gives a quarantine row a null event time when the time does not parse", async () => {
  const [out] = await run([rawBatch("transactions", [tx(2, "t1", { timestamp: "later" })])]);
  assert.equal(out.quarantine[0].reason, "invalid_timestamp");
  assert.equal(out.quarantine[0].eventTime, null);
});

Deno.test("validate() quarantines a repeated transaction id across batches and keeps the first", async () => {
  const [first, second] = await run([
    rawBatch("transactions", [tx(2, "t1"), tx(3, "t2"), tx(4, "t1")]),
    rawBatch("transactions", [tx(5, "t2"), tx(6, "t3")]),
  ]);
  assert.deepEqual(first.records.map((r) => (r as { transactionId: string }).transactionId), [
    "t1",
    "t2",
  ]);
  assert.deepEqual(first.quarantine.map((q) => [q.position, q.reason]), [
    ["transactions.csv:line 4", "duplicate_id"],
  ]);
  assert.deepEqual(second.quarantine.map((q) => [q.position, q.reason]), [
    ["transactions.csv:line 5", "duplicate_id"],
  ]);
  assert.equal(second.records.length, 1);
});

Deno.test("validate() lets a rejected line's id be used by a later valid line", async () => {
  const [out] = await run([
    rawBatch("transactions", [tx(2, "t1", { quantity: "0" }), tx(3, "t1")]),
  ]);
  assert.deepEqual(out.quarantine.map((q) => q.reason), ["invalid_quantity"]);
  assert.equal(out.records.length, 1);
});

Deno.test("validate() reports an invalid row by its own reason even when its id repeats", async () => {
  const [out] = await run([rawBatch("transactions", [tx(2, "t1"), tx(3, "t1", { type: "gift" })])]);
  assert.deepEqual(out.quarantine.map((q) => q.reason), ["unknown_type"]);
});

Deno.test("validate() keeps duplicate-id state per subscription", async () => {
  const op = validate();
  const batches = [rawBatch("transactions", [tx(2, "t1")])];
  const [a] = await run(batches, op);
  const [b] = await run(batches, op);
  assert.equal(a.records.length, 1);
  assert.equal(b.records.length, 1);
});

Deno.test("validate() carries the source's own quarantine rows over, so nothing is lost", async () => {
  const malformed = {
    source: "activity",
    position: "activity.csv:line 9",
    reason: "malformed_csv",
    raw: "a,b",
    eventTime: null,
  };
  const good = raw("activity", 2, {
    event_time: "2019-10-01 00:00:00 UTC",
    event_type: "view",
    product_id: "1",
    category_id: "",
    category_code: "",
    brand: "",
    price: "1.5",
    user_id: "u",
    user_session: "s",
  });
  const missing = raw("activity", 3, { ...good.fields, user_id: "" });
  const input = rawBatch("activity", [good, missing], [malformed]);
  const [out] = await run([input]);
  assert.equal(out.records.length + out.quarantine.length, 3);
  assert.deepEqual(out.quarantine.map((q) => q.reason), ["malformed_csv", "missing_field:user_id"]);
  assert.equal(out.quarantine[1].eventTime, Date.UTC(2019, 9, 1));
  assert.deepEqual(input.quarantine, [malformed], "the input batch is not modified");
});

Deno.test("validate() uses a plugged-in decoder for its table and the native ones for the rest", async () => {
  const decodeReview: Decoder<"reviews"> = (rec) =>
    rec.fields.stars === "5"
      ? {
        reviewId: String(rec.fields.id),
        userId: null,
        productId: null,
        orderId: null,
        rating: 5,
        title: null,
        body: null,
        eventTime: 0,
      }
      : "unsupported_stars";
  const op = validate({ reviews: decodeReview });
  const [reviews, transactions] = await run([
    rawBatch("reviews", [
      raw("reviews", 1, { id: "r1", stars: "5" }),
      raw("reviews", 2, { id: "r2", stars: "1" }),
    ]),
    rawBatch("transactions", [tx(2, "t1")]),
  ], op);
  assert.deepEqual(reviews.records.map((r) => (r as { reviewId: string }).reviewId), ["r1"]);
  assert.deepEqual(reviews.quarantine.map((q) => [q.reason, q.eventTime]), [[
    "unsupported_stars",
    null,
  ]]);
  assert.equal(transactions.records.length, 1);
});

Deno.test("validate() sends an error thrown by a decoder to the subscriber", async () => {
  const throwing: Decoder<"reviews"> = () => {
    throw new TypeError("boom");
  };
  await assert.rejects(
    run([rawBatch("reviews", [raw("reviews", 1, {})])], validate({ reviews: throwing })),
    TypeError,
  );
});

Deno.test("validate() emits one batch per input batch, in step, and completes with its input", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const a = rawBatch("transactions", [tx(2, "t1")]);
    const b = rawBatch("transactions", [tx(3, "t1")]);
    const out$ = cold("a--b|", { a, b }).pipe(validate());
    const t1 = {
      transactionId: "t1",
      orderId: "o1",
      userId: "u1",
      productId: "p1",
      quantity: 1,
      unitPrice: 10,
      unitPriceMicros: 10_000_000,
      type: "purchase",
      eventTime: Date.UTC(2019, 9, 1, 12),
      country: null,
      paymentMethod: null,
    };
    expectObservable(out$).toBe("x--y|", {
      x: { table: "transactions", records: [t1], quarantine: [] },
      y: {
        table: "transactions",
        records: [],
        quarantine: [{
          source: "transactions",
          position: "transactions.csv:line 3",
          reason: "duplicate_id",
          raw: b.records[0].raw,
          eventTime: t1.eventTime,
        }],
      },
    });
  });
});
