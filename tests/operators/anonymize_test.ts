import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { anonymize } from "../../operators/anonymize.ts";
import { validate } from "../../operators/validate.ts";
import type {
  ActivityEvent,
  AnyBatch,
  Batch,
  InventoryUpdate,
  Review,
  Transaction,
} from "../../operators/types.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";

const KEY = new TextEncoder().encode("test key, sixteen bytes or more");

function event(userId: string, userSession: string): ActivityEvent {
  return {
    eventId: "e",
    eventTime: 0,
    eventType: "view",
    productId: "p",
    categoryId: null,
    categoryCode: null,
    brand: null,
    price: null,
    userId,
    userSession,
  };
}

function transaction(userId: string): Transaction {
  return {
    transactionId: "t",
    orderId: "o",
    userId,
    productId: "p",
    quantity: 1,
    unitPrice: 1,
    unitPriceMicros: 1e6,
    type: "purchase",
    eventTime: 0,
    country: null,
    paymentMethod: null,
  };
}

function review(userId: string | null): Review {
  return {
    reviewId: "r",
    userId,
    productId: null,
    orderId: null,
    rating: 5,
    title: null,
    body: null,
    eventTime: 0,
  };
}

function batches(): AnyBatch[] {
  return [
    {
      table: "activity",
      records: [event("541312140", "72d76fde"), event("541312140", "s2")],
      quarantine: [],
    },
    { table: "transactions", records: [transaction("541312140")], quarantine: [] },
    { table: "reviews", records: [review("541312140"), review(null)], quarantine: [] },
  ];
}

async function run(input: AnyBatch[], pseudonym = createPseudonymizer(KEY)): Promise<AnyBatch[]> {
  return await lastValueFrom(from(input).pipe(anonymize(pseudonym), toArray()));
}

Deno.test("anonymize() replaces user and session ids so no raw id remains", async () => {
  const out = await run(batches());
  const text = JSON.stringify(out);
  for (const rawId of ["541312140", "72d76fde", '"s2"']) assert.ok(!text.includes(rawId), rawId);
  const [activity, transactions, reviews] = out as [
    Batch<"activity">,
    Batch<"transactions">,
    Batch<"reviews">,
  ];
  assert.match(activity.records[0].userId, /^[0-9a-f]{32}$/);
  assert.match(activity.records[0].userSession, /^[0-9a-f]{32}$/);
  assert.equal(reviews.records[1].userId, null);
  // The same user is the same pseudonym in every table, so joins still work.
  assert.equal(transactions.records[0].userId, activity.records[0].userId);
  assert.equal(reviews.records[0].userId, activity.records[1].userId);
});

Deno.test("anonymize() is deterministic for one key and differs between keys", async () => {
  const a = await run(batches());
  const b = await run(batches());
  const c = await run(
    batches(),
    createPseudonymizer(new TextEncoder().encode("another key of enough length")),
  );
  assert.deepEqual(a, b);
  assert.notEqual(
    (c[1] as Batch<"transactions">).records[0].userId,
    (a[1] as Batch<"transactions">).records[0].userId,
  );
});

Deno.test("anonymize() passes inventory batches through untouched", async () => {
  const inventory: InventoryUpdate = {
    productId: "p",
    name: "n",
    category: "home",
    brand: null,
    unitCost: null,
    price: null,
    stockLevel: 1,
    change: "info",
    warehouse: null,
    eventTime: 0,
  };
  const batch: AnyBatch = { table: "inventory", records: [{ ...inventory }], quarantine: [] };
  const [out] = await run([batch]);
  assert.deepEqual(out.records, [inventory]);
});

Deno.test("anonymize() rebuilds the text of quarantined records without raw ids", async () => {
  const rawLine =
    '{"transaction_id":"t1","order_id":"o1","user_id":"541312140","product_id":"p1","quantity":0}';
  const raws = [{
    table: "transactions" as const,
    records: [{
      source: "transactions",
      position: "t.ndjson:line 1",
      raw: rawLine,
      fields: JSON.parse(rawLine),
      layout: { format: "json" as const },
    }],
    quarantine: [{
      source: "transactions",
      position: "t.ndjson:line 2",
      reason: "malformed_json",
      raw: '{"transaction_id":"t2","user_id":"541312140","qu',
      eventTime: null,
    }],
    bytesRead: 0,
    bytesTotal: 0,
  }];
  const pseudonym = createPseudonymizer(KEY);
  const [out] = await lastValueFrom(from(raws).pipe(validate(), anonymize(pseudonym), toArray()));
  assert.deepEqual(out.quarantine.map((q) => q.reason), [
    "malformed_json",
    "missing_field:unit_price",
  ]);
  // The unparseable line keeps no text, even if a source left some; the parsed one is rebuilt.
  assert.equal(out.quarantine[0].raw, "");
  assert.equal(
    out.quarantine[1].raw,
    `{"transaction_id":"t1","order_id":"o1","user_id":"${
      pseudonym("541312140")
    }","product_id":"p1","quantity":0}`,
  );
});

Deno.test("anonymize() gives the same ids through a column pseudonymizer as id by id", async () => {
  const pseudonym = createPseudonymizer(KEY, 4);
  const byId = (id: string) => pseudonym(id); // no replaceAll: one call per id
  const input = () => {
    const records = Array.from({ length: 50 }, (_, i) => event(`${i % 7}`, `s-${i % 11}`));
    records.push(event("üser", "séssion"));
    return [
      { table: "activity", records, quarantine: [] },
      { table: "transactions", records: [transaction("3"), transaction("ü")], quarantine: [] },
    ] as AnyBatch[];
  };
  const idById = await lastValueFrom(from(input()).pipe(anonymize(byId), toArray()));
  assert.deepEqual(await run(input(), pseudonym), idById);
});
