import assert from "node:assert/strict";
import type { AnyBatch, Transaction } from "../../../operators/types.ts";
import { salesFamily, type SalesReport } from "../../../operators/partials/sales_partial.ts";
import type { SalesSnapshot } from "../../../operators/partials/sales_snapshot.ts";
import type { FamilyRows } from "../../../operators/partials/partial_family.ts";
import { generate } from "../../../dev/generator/generate.ts";
import {
  cleanBatchesOf,
  DEFAULT_PARTIAL_OPTIONS,
  familyRows,
  operatorRows,
  SAMPLE_DIR,
  splitIntoPartitions,
} from "./partition_harness.ts";

const REPORTS: readonly SalesReport[] = [
  "monthly_revenue",
  "top_products",
  "top_products_by_revenue",
];

/** Asserts each report's rows equal the operators' rows, naming the report on failure. */
function assertSameRows(
  actual: FamilyRows<SalesReport>,
  expected: FamilyRows<SalesReport>,
  what: string,
): void {
  for (const report of REPORTS) {
    assert.ok(expected[report].length > 0, `${what}: ${report} has rows to compare`);
    assert.deepStrictEqual(actual[report], expected[report], `${what}: ${report}`);
  }
}

/** The law over `batches` split into each count of partitions. */
async function assertLaw(batches: readonly AnyBatch[], counts: readonly number[], what: string) {
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  const expected = await operatorRows(batches);
  for (const count of counts) {
    const parts = await splitIntoPartitions(batches, count);
    assertSameRows(familyRows(family, parts), expected, `${what}, ${count} partitions`);
  }
}

const sample = await cleanBatchesOf(SAMPLE_DIR);

Deno.test("salesFamily() keeps the law on data/sample in 1, 2, 3, 4 and 7 partitions", async () => {
  await assertLaw(sample, [1, 2, 3, 4, 7], "data/sample");
});

Deno.test("salesFamily() snapshots equal the operators' rows as if the input ended there", async () => {
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  const parts = await splitIntoPartitions(sample, 4);
  // One batch per partition per global batch, watermarks stamped causally: the first k batches
  // of every partition are the split of the first k global batches.
  for (const list of parts) assert.equal(list.length, sample.length);
  const cuts = [0.3, 0.55, 0.8].map((share) => Math.floor(sample.length * share));
  const states = parts.map(() => family.create());
  let done = 0;
  for (const cut of cuts) {
    for (; done < cut; done++) states.forEach((state, p) => state.add(parts[p][done]));
    const snapshots = states.map((s) => JSON.parse(JSON.stringify(s.snapshot())) as SalesSnapshot);
    const expected = await operatorRows(sample.slice(0, cut));
    assertSameRows(family.finish(family.merge(snapshots)), expected, `first ${cut} batches`);
    // The same prefix split afresh gives the same rows.
    const again = familyRows(family, await splitIntoPartitions(sample.slice(0, cut), 4));
    assertSameRows(again, expected, `first ${cut} batches split afresh`);
  }
});

Deno.test("salesFamily() snapshot() leaves the state as it was", async () => {
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  const parts = await splitIntoPartitions(sample, 3);
  const snapshots = parts.map((batches) => {
    const state = family.create();
    batches.forEach((batch, i) => {
      state.add(batch);
      if (i % 7 === 0) {
        const s = state.snapshot();
        assert.deepStrictEqual(JSON.parse(JSON.stringify(s)), s, "JSON-safe");
        s.months.forEach((m) => m[5].push("edited", 1, 1)); // a caller's edit must not leak in
      }
    });
    return state.snapshot();
  });
  assertSameRows(family.finish(family.merge(snapshots)), await operatorRows(sample), "mid-way");
});

Deno.test("salesFamily() keeps the law on a generated data set (seed 7)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sales_partial_" });
  try {
    await generate({ out: dir, scale: "small", seed: 7 });
    await assertLaw(await cleanBatchesOf(dir), [1, 2, 3, 4, 7], "generated seed 7");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

let id = 0;
function purchase(user: string, product: string, quantity: number, micros: number): Transaction {
  id++;
  return {
    transactionId: `t${id}`,
    orderId: `o${id}`,
    userId: user,
    productId: product,
    quantity,
    unitPrice: micros / 1e6,
    unitPriceMicros: micros,
    type: "purchase",
    eventTime: Date.UTC(2030, 0, 1 + id),
    country: null,
    paymentMethod: null,
  };
}

Deno.test("salesFamily() keeps amounts past 2^53 micros exact through JSON", async () => {
  // 9 007 199 254.740993 units (2^53 + 1 micros) and a 9 × 10^18 micros line.
  const records = [
    purchase("u1", "p1", 1, 2 ** 52),
    purchase("u2", "p1", 1, 2 ** 52 + 1),
    purchase("u3", "__proto__", 900_000, 10_000_000_000_000),
    purchase("u4", "__proto__", 1, 7),
  ];
  const batches: AnyBatch[] = [{ table: "transactions", records, quarantine: [] }];
  const parts = await splitIntoPartitions(batches, 2);
  assert.ok(parts.every((p) => p[0].records.length > 0), "both partitions get lines");
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  const snapshot = family.merge(parts.map((p) => {
    const state = family.create();
    p.forEach((b) => state.add(b));
    return JSON.parse(JSON.stringify(state.snapshot())) as SalesSnapshot;
  }));
  assert.equal(snapshot.months[0][1], "9009007199254741000");
  assertSameRows(family.finish(snapshot), await operatorRows(batches), "large amounts");
});

Deno.test("salesFamily() makes a month null that only the merge takes past MAX_MONEY", async () => {
  // 2 × 10^13 units on each partition; the month's 4 × 10^13 is more than a report holds.
  const records = [
    purchase("u1", "p1", 20_000, 1_000_000_000_000_000),
    purchase("u2", "p2", 20_000, 1_000_000_000_000_000),
  ];
  const batches: AnyBatch[] = [{ table: "transactions", records, quarantine: [] }];
  const parts = await splitIntoPartitions(batches, 2);
  assert.ok(parts.every((p) => p[0].records.length === 1), "a line on each partition");
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  const rows = family.finish(family.merge(parts.map((p) => {
    const state = family.create();
    p.forEach((b) => state.add(b));
    return JSON.parse(JSON.stringify(state.snapshot())) as SalesSnapshot;
  })));
  const [revenue] = rows.monthly_revenue;
  assert.deepEqual([revenue.gross, revenue.net, revenue.refunds], [null, null, 0]);
  assert.deepEqual(rows.top_products.map((r) => r.revenue), [
    20_000_000_000_000,
    20_000_000_000_000,
  ]);
  assertSameRows(rows, await operatorRows(batches), "beyond MAX_MONEY");
});

Deno.test("salesFamily() rejects a topN the operators reject, and other snapshot versions", () => {
  assert.throws(() => salesFamily({ ...DEFAULT_PARTIAL_OPTIONS, topN: 0 }), RangeError);
  const family = salesFamily(DEFAULT_PARTIAL_OPTIONS);
  assert.throws(() => family.merge([{ v: 2, months: [] } as unknown as SalesSnapshot]), /version/);
});
