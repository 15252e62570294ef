import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { DEFAULT_LATENESS_MS, watermark } from "../../operators/watermark.ts";
import type { AnyBatch, Batch, InventoryUpdate, Review } from "../../operators/types.ts";
import { activity, activityBatch, marbles, prng, split, transaction } from "./window_fixtures.ts";

async function run(batches: AnyBatch[], lateness = 10): Promise<AnyBatch[]> {
  return await lastValueFrom(from(batches).pipe(watermark({ lateness }), toArray()));
}

Deno.test("watermark() stamps each batch with the largest event time seen minus the lateness", () => {
  const a = activityBatch([]);
  const b = activityBatch([activity(100), activity(130), activity(120)]);
  const c = activityBatch([activity(125)]);
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(watermark({ lateness: 10 }));
    expectObservable(out$).toBe("a-b-c|", {
      a: { ...a, watermark: -Infinity },
      b: { ...b, watermark: 120 },
      c: { ...c, watermark: 120 },
    });
  });
});

Deno.test("watermark() quarantines a record older than the watermark as late, keeping the rest", async () => {
  const late = activity(109, { eventId: "ev-late" });
  const onTime = activity(110); // exactly at the watermark: not late
  const [first, second] = await run([
    activityBatch([activity(120)]),
    activityBatch([late, onTime]),
  ]);
  assert.deepEqual(first.quarantine, []);
  assert.deepEqual(second.records, [onTime]);
  assert.deepEqual(second.quarantine, [{
    source: "activity",
    position: "ev-late",
    reason: "late",
    raw: JSON.stringify(late),
    eventTime: 109,
  }]);
  assert.equal(second.watermark, 110);
});

Deno.test("watermark() checks records one by one, so a record is late against earlier ones of its batch", async () => {
  const [out] = await run([activityBatch([activity(200), activity(150), activity(195)])]);
  assert.deepEqual(out.records.map((r) => r.eventTime), [200, 195]);
  assert.deepEqual(out.quarantine.map((q) => q.eventTime), [150]);
});

Deno.test("watermark() gives the same records and quarantine however the input is split into batches", async () => {
  const random = prng(7);
  const records = Array.from(
    { length: 400 },
    (_, i) => activity(i * 3 + Math.floor(random() * 40)),
  );
  const summarize = (batches: AnyBatch[]) => ({
    kept: batches.flatMap((b) => b.records.map((r) => r.eventTime)),
    late: batches.flatMap((b) => b.quarantine.map((q) => q.position)),
    watermark: batches.at(-1)!.watermark,
  });
  const whole = summarize(await run([activityBatch(records)], 20));
  assert.ok(whole.late.length > 0, "the fixture must contain late records");
  for (const maxSize of [1, 7, 50]) {
    const chunks = split(records, prng(maxSize), maxSize).map((rs) => activityBatch(rs));
    assert.deepEqual(summarize(await run(chunks, 20)), whole);
  }
});

Deno.test("watermark() keeps a separate watermark per table", async () => {
  const out = await run([
    activityBatch([activity(1_000)]),
    { table: "transactions", records: [transaction(5, "t1")], quarantine: [] },
    activityBatch([]),
  ]);
  assert.deepEqual(out.map((b) => b.watermark), [990, -5, 990]);
  assert.equal(out[1].records.length, 1);
});

Deno.test("watermark() positions late records by their id, and inventory by product and event time", async () => {
  const inventory: InventoryUpdate = {
    productId: "p9",
    name: "Kettle",
    category: "appliances",
    brand: null,
    unitCost: null,
    price: null,
    stockLevel: 3,
    change: "snapshot",
    warehouse: null,
    eventTime: 50,
  };
  const review: Review = {
    reviewId: "r7",
    userId: null,
    productId: null,
    orderId: null,
    rating: 5,
    title: null,
    body: null,
    eventTime: 50,
  };
  const out = await run([
    { table: "inventory", records: [{ ...inventory, eventTime: 100 }, inventory], quarantine: [] },
    { table: "reviews", records: [{ ...review, eventTime: 100 }, review], quarantine: [] },
    {
      table: "transactions",
      records: [transaction(100, "t1"), transaction(50, "t2")],
      quarantine: [],
    },
  ]);
  assert.deepEqual(out.map((b) => b.quarantine.map((q) => [q.source, q.position])), [
    [["inventory", "p9@50"]],
    [["reviews", "r7"]],
    [["transactions", "t2"]],
  ]);
});

Deno.test("watermark() never mutates its input batches", async () => {
  const records = [activity(100), activity(10)];
  const quarantine = [{ source: "activity", position: "x", reason: "r", raw: "", eventTime: null }];
  const input: Batch<"activity"> = { table: "activity", records, quarantine };
  const [out] = await run([input]);
  assert.equal(input.records.length, 2);
  assert.equal(input.quarantine.length, 1);
  assert.equal(input.watermark, undefined);
  assert.equal(out.quarantine.length, 2);
});

Deno.test("watermark() lets an incoming batch watermark advance it, as an idle heartbeat does", async () => {
  const out = await run([
    activityBatch([activity(100)]),
    activityBatch([], 500),
    activityBatch([activity(400), activity(520)]),
  ]);
  assert.deepEqual(out.map((b) => b.watermark), [90, 500, 510]);
  assert.deepEqual(out[2].quarantine.map((q) => q.eventTime), [400]);
});

Deno.test("watermark() defaults to five minutes of lateness and rejects a negative one", () => {
  assert.equal(DEFAULT_LATENESS_MS, 5 * 60_000);
  assert.throws(
    () => watermark({ lateness: -1 }),
    (e) => e instanceof RangeError && /-1/.test(e.message),
  );
  assert.throws(() => watermark({ lateness: NaN }), RangeError);
});
