import assert from "node:assert/strict";
import type { AnyBatch } from "../../../operators/types.ts";
import { catalogFamily } from "../../../operators/partials/catalog_partial.ts";
import type { CatalogSnapshot } from "../../../operators/partials/catalog_snapshot.ts";
import { generate } from "../../../dev/generator/generate.ts";
import { SCENARIO_LATENESS, scenarioBatches } from "./catalog_scenario.ts";
import { olistBatches } from "./olist_stream.ts";
import {
  cleanBatchesOf,
  DEFAULT_PARTIAL_OPTIONS,
  familyRows,
  operatorRows,
  SAMPLE_DIR,
  splitIntoPartitions,
} from "./partition_harness.ts";

const REPORTS = ["inventory_turnover", "ratings", "ratings_by_category", "products"] as const;
const family = catalogFamily(DEFAULT_PARTIAL_OPTIONS);

let sampleBatches: Promise<AnyBatch[]> | undefined;
/** The clean stream of data/sample, read once for all tests. */
function sample(): Promise<AnyBatch[]> {
  sampleBatches ??= cleanBatchesOf(SAMPLE_DIR);
  return sampleBatches;
}

/** Asserts the law for each partition count: the family's rows are the operators' rows. */
async function assertLaw(
  batches: readonly AnyBatch[],
  counts: readonly number[],
  label: string,
  lateness?: number,
) {
  const expected = await operatorRows(batches);
  for (const report of REPORTS) {
    assert.ok(expected[report].length > 0, `${label}: the operators give no ${report} rows`);
  }
  for (const count of counts) {
    const rows = familyRows(family, await splitIntoPartitions(batches, count, lateness));
    for (const report of REPORTS) {
      assert.deepStrictEqual(rows[report], expected[report], `${label}, ${count} partitions`);
    }
  }
  return expected;
}

/** Every partition's snapshot, through JSON as through the store. */
function snapshotsOf(parts: readonly (readonly AnyBatch[])[]): CatalogSnapshot[] {
  return parts.map((batches) => {
    const state = family.create();
    for (const batch of batches) state.add(batch);
    return JSON.parse(JSON.stringify(state.snapshot()));
  });
}

Deno.test("catalogFamily() over 1, 2, 3, 4 and 7 partitions of data/sample gives the operators' rows", async () => {
  const expected = await assertLaw(await sample(), [1, 2, 3, 4, 7], "data/sample");
  // The sample exercises the join: sales of products whose stock sits in other partitions,
  // several categories a month, and the same months in turnover and ratings.
  const months = new Set(expected.inventory_turnover.map((r) => r.month));
  assert.ok(months.size >= 12, `only ${months.size} turnover months`);
  assert.ok(expected.inventory_turnover.some((r) => r.units_sold > 0 && r.opening_stock > 0));
  assert.ok(new Set(expected.ratings_by_category.map((r) => r.category)).size >= 3);
});

Deno.test("catalogFamily() joins sales to the category a product has at each month's end, as the operators do", async () => {
  const batches = await scenarioBatches();
  const expected = await operatorRows(batches);
  for (const count of [1, 2, 3, 4]) {
    const rows = familyRows(family, await splitIntoPartitions(batches, count, SCENARIO_LATENESS));
    for (const report of REPORTS) {
      assert.deepStrictEqual(rows[report], expected[report], `${count} partitions: ${report}`);
    }
  }
  // The operators' rows hold the cases the scenario is for (see catalog_scenario.ts).
  const turnover = expected.inventory_turnover.map((r) =>
    `${r.month} ${r.category} ${r.units_sold} ${r.opening_stock} ${r.closing_stock}`
  );
  assert.deepStrictEqual(turnover.filter((r) => r.startsWith("2024-01")), [
    "2024-01 books 2 0 16", // P1: the late update's 9; P5: 7, the later of two at one time
    "2024-01 toys 1 0 0", // P2 has a category and a sale, never a level
    "2024-01 unknown 4 0 3", // P3 sold before its first update; P4 has no category yet
  ]);
  assert.ok(turnover.includes("2024-02 comics 1 9 3")); // P1 changed category
  assert.ok(turnover.includes("2024-04 garden 0 4 4")); // a month without events
  assert.deepStrictEqual(
    expected.ratings_by_category.map((r) => `${r.month} ${r.category} ${r.reviews}`),
    [
      "2024-01 books 1",
      "2024-01 unknown 2",
      "2024-02 comics 1",
      "2024-02 garden 1",
      "2024-05 toys 1",
    ],
  );
  assert.equal(expected.products.find((r) => r.product_id === "P5")?.name, "P5 second");
});

Deno.test("catalogFamily() finishes the rows the operators give for a prefix of the stream, as if it ended there", async () => {
  const batches = await sample();
  // After the first batch of each table; mid-stream; near the end.
  const cuts = [4, Math.floor(batches.length * 0.45), Math.floor(batches.length * 0.8)];
  for (const cut of cuts) {
    const prefix = batches.slice(0, cut);
    const expected = await operatorRows(prefix);
    const rows = familyRows(family, await splitIntoPartitions(prefix, 3));
    for (const report of REPORTS) {
      assert.deepStrictEqual(rows[report], expected[report], `prefix of ${cut} batches: ${report}`);
    }
  }
});

Deno.test("CatalogPartition.snapshot() leaves the state as it is and survives JSON", async () => {
  const parts = await splitIntoPartitions(await sample(), 4);
  const reference = snapshotsOf(parts);
  const observed = parts.map((batches) => {
    const state = family.create();
    for (const batch of batches) {
      state.add(batch);
      // A snapshot after every batch, twice: the second sees the same state as the first.
      assert.deepStrictEqual(state.snapshot(), state.snapshot());
    }
    const snapshot = state.snapshot();
    assert.deepStrictEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
    return snapshot;
  });
  assert.deepStrictEqual(observed, reference);
  const size = JSON.stringify(reference[0]).length;
  assert.ok(size < 40_000, `a snapshot of a quarter of data/sample takes ${size} bytes`);
});

Deno.test("catalogFamily() merges in any grouping: merging merged snapshots gives the same state", async () => {
  const snapshots = snapshotsOf(await splitIntoPartitions(await sample(), 7));
  const flat = family.merge(snapshots);
  const nested = family.merge([
    family.merge(snapshots.slice(4)),
    family.merge([snapshots[2], snapshots[0]]),
    family.merge([snapshots[3], snapshots[1]]),
  ]);
  assert.deepStrictEqual(nested, flat);
  assert.deepStrictEqual(family.merge([flat]), flat);
});

Deno.test("catalogFamily() over partitions of generated data (another seed, more faults) gives the operators' rows", async () => {
  const dir = await Deno.makeTempDir({ prefix: "catalog_partial_" });
  try {
    await generate({ out: dir, events: 12_000, seed: 1_234, faultRate: 0.05 });
    await assertLaw(await cleanBatchesOf(dir), [2, 5], "generated");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("catalogFamily() over partitions of the Olist catalog and reviews slices gives the operators' rows", async () => {
  const { batches, lateness } = await olistBatches();
  const expected = await assertLaw(batches, [3], "Olist", lateness);
  assert.ok(expected.products.length > 1_000, `${expected.products.length} Olist products`);
});
