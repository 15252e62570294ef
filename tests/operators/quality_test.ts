import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { formatQuality, quality } from "../../operators/quality.ts";
import type { AnyBatch, QuarantineRow, Review } from "../../operators/types.ts";

function bad(source: string, reason: string): QuarantineRow {
  return { source, position: "x:line 1", reason, raw: "", eventTime: null };
}

function reviewsBatch(valid: number, quarantine: QuarantineRow[]): AnyBatch {
  const records: Review[] = [];
  for (let i = 0; i < valid; i++) {
    records.push({
      reviewId: `r${i}`,
      userId: null,
      productId: null,
      orderId: null,
      rating: 5,
      title: null,
      body: null,
      eventTime: 0,
    });
  }
  return { table: "reviews", records, quarantine };
}

Deno.test("quality() counts quarantine reasons, valid records and total input per source", async () => {
  const out = await lastValueFrom(
    from([
      reviewsBatch(3, [bad("reviews", "invalid_rating"), bad("reviews", "duplicate_id")]),
      { table: "transactions", records: [], quarantine: [bad("shopease.tx", "late")] },
      reviewsBatch(2, [bad("reviews", "invalid_rating")]),
    ] as AnyBatch[]).pipe(quality(), toArray()),
  );
  assert.deepEqual(out, [[
    { source: "reviews", reason: "duplicate_id", count: 1 },
    { source: "reviews", reason: "invalid_rating", count: 2 },
    { source: "reviews", reason: "valid", count: 5 },
    { source: "reviews", reason: "total_input", count: 8 },
    // Counted under the batch's table, not the quarantine row's Kafka topic.
    { source: "transactions", reason: "late", count: 1 },
    { source: "transactions", reason: "valid", count: 0 },
    { source: "transactions", reason: "total_input", count: 1 },
  ]]);
});

Deno.test("quality() emits only once, on completion", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-a-|", { a: reviewsBatch(1, []) });
    expectObservable(source.pipe(quality())).toBe("-----(x|)", {
      x: [
        { source: "reviews", reason: "valid", count: 2 },
        { source: "reviews", reason: "total_input", count: 2 },
      ],
    });
  });
});

Deno.test("quality() emits an empty summary for an empty input", async () => {
  assert.deepEqual(await lastValueFrom(from([] as AnyBatch[]).pipe(quality())), []);
});

Deno.test("formatQuality() prints an aligned table and the input identity per source and overall", () => {
  const text = formatQuality([
    { source: "reviews", reason: "invalid_rating", count: 2 },
    { source: "reviews", reason: "valid", count: 98 },
    { source: "reviews", reason: "total_input", count: 100 },
    { source: "transactions", reason: "valid", count: 1000 },
    { source: "transactions", reason: "total_input", count: 1000 },
  ]);
  assert.equal(
    text,
    [
      "source        reason          count",
      "reviews       invalid_rating      2",
      "reviews       valid              98",
      "reviews       total_input       100",
      "transactions  valid            1000",
      "transactions  total_input      1000",
      "",
      "reviews: input 100 = valid 98 + quarantined 2",
      "transactions: input 1000 = valid 1000 + quarantined 0",
      "all: input 1100 = valid 1098 + quarantined 2",
    ].join("\n"),
  );
});
