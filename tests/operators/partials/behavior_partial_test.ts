import assert from "node:assert/strict";
import { behaviorFamily } from "../../../operators/partials/behavior_partial.ts";
import type { ActivityEvent, AnyBatch, Transaction } from "../../../operators/types.ts";
import { DEFAULT_PARTIAL_OPTIONS, splitIntoPartitions } from "./partition_harness.ts";
import {
  assertPrefixes,
  assertSnapshotsOnTheWay,
  assertWholeStream,
  generatedCase,
  type LawCase,
  sampleCase,
} from "./family_law.ts";

const family = behaviorFamily(DEFAULT_PARTIAL_OPTIONS);
let sample: Promise<LawCase> | undefined;
const sampleLaw = () => sample ??= sampleCase();

Deno.test("behaviorFamily() over data/sample in 1, 2, 3, 4 and 7 partitions gives the operator's rows", async () => {
  const law = await sampleLaw();
  // A law over an empty report or one without joins would prove little.
  const rows = law.rows.purchase_behavior;
  assert.ok(rows.length >= 12, `only ${rows.length} months`);
  assert.ok(rows.every((row) => row.purchases_with_prior_views > 0), "a month without joins");
  await assertWholeStream(family, law);
});

Deno.test("behaviorFamily() over prefixes of data/sample gives the operator's rows of the prefix", async () => {
  await assertPrefixes(family, await sampleLaw());
});

Deno.test("behaviorFamily() snapshots leave the state alone and, mid-stream, equal the prefix's rows", async () => {
  const snapshots = await assertSnapshotsOnTheWay(family, await sampleLaw());
  const sizes = snapshots.map((s) => JSON.stringify(s).length);
  console.log(`behavior snapshot of data/sample, 4 partitions: ${sizes.join(", ")} bytes`);
  assert.ok(Math.max(...sizes) < 4_000, `snapshots of ${sizes} bytes`);
});

Deno.test("behaviorFamily() keeps the law over a generated data set (seed 7, 5 % faults)", async () => {
  const law = await generatedCase(7);
  assert.ok(law.rows.purchase_behavior.length >= 12);
  await assertWholeStream(family, law);
  await assertPrefixes(family, law);
  await assertSnapshotsOnTheWay(family, law);
});

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 9, 31, 23); // an hour before November

function view(time: number, userId: string): ActivityEvent {
  return {
    eventId: `e${time}${userId}`,
    eventTime: time,
    eventType: "view",
    productId: "p1",
    categoryId: null,
    categoryCode: null,
    brand: null,
    price: null,
    userId,
    userSession: `s-${userId}`,
  };
}

function purchase(time: number, userId: string): Transaction {
  return {
    transactionId: `t${time}${userId}`,
    orderId: `o${time}`,
    userId,
    productId: "p1",
    quantity: 1,
    unitPrice: 1,
    unitPriceMicros: 1_000_000,
    type: "purchase",
    eventTime: time,
    country: null,
    paymentMethod: null,
  };
}

Deno.test("behaviorFamily() snapshot joins a purchase still waiting for the clickstream's watermark", async () => {
  // The purchase (in November) comes before the clickstream has passed it: not joined yet by
  // the watermark, but a snapshot counts it with the view seen so far, and still does after.
  const batches: AnyBatch[] = [
    { table: "activity", records: [view(T0, "u1")], quarantine: [] },
    { table: "transactions", records: [purchase(T0 + 2 * HOUR, "u1")], quarantine: [] },
  ];
  const [part] = await splitIntoPartitions(batches, 1);
  const state = family.create();
  for (const batch of part) state.add(batch);
  const rows = () => family.finish(family.merge([state.snapshot()])).purchase_behavior;
  const expected = [
    ["2024-10", 0, 0, null],
    ["2024-11", 1, 1, 120],
  ];
  const brief = () =>
    rows().map((r) => [
      r.month,
      r.purchases,
      r.purchases_with_prior_views,
      r.median_minutes_first_view_to_purchase,
    ]);
  assert.deepEqual(brief(), expected);
  assert.deepEqual(brief(), expected);
  // A later view of the same product, after the purchase, does not count.
  state.add({ table: "activity", records: [view(T0 + 3 * HOUR, "u1")], quarantine: [] });
  assert.deepEqual(brief(), expected);
});

Deno.test("behaviorFamily() rejects a negative lookback, naming it", () => {
  assert.throws(
    () => behaviorFamily({ ...DEFAULT_PARTIAL_OPTIONS, lookback: -1 }),
    (error: unknown) => error instanceof RangeError && error.message.includes("-1"),
  );
});

Deno.test("behaviorFamily() joins a partition's purchases that arrive after its clickstream has moved days on", async () => {
  // Kafka gives no order across topics: the partition reads three days of clicks before its
  // first purchase line. The view of the purchase must still be held for it.
  const later = { ...view(T0 + 72 * HOUR, "u2"), eventType: "cart" as const };
  const batches: AnyBatch[] = [
    { table: "activity", records: [view(T0, "u1"), later], quarantine: [] },
    { table: "transactions", records: [purchase(T0 + 60_000, "u1")], quarantine: [] },
  ];
  const [part] = await splitIntoPartitions(batches, 1);
  const state = family.create();
  for (const batch of part) state.add(batch);
  const [october] = family.finish(family.merge([state.snapshot()])).purchase_behavior;
  assert.deepEqual(
    [
      october.month,
      october.purchases_with_prior_views,
      october.median_minutes_first_view_to_purchase,
    ],
    ["2024-10", 1, 1],
  );
});
