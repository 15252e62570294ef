import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { decodeInventory } from "../../operators/decode_inventory.ts";
import { INVENTORY_NOTES } from "../../operators/inventory_notes.ts";
import { standardizeInventory } from "../../operators/standardize_inventory.ts";
import type { AnyBatch, Batch, InventoryUpdate, RawRecord } from "../../operators/types.ts";

const CLEAN: Record<string, string> = {
  product_id: "p1",
  name: "Galaxy S10",
  category: "electronics",
  brand: "Samsung",
  unit_cost: "650.00",
  price: "1299.00",
  stock_level: "12",
  change: "restock",
  warehouse: "Berlin",
  updated_at: "2019-10-01 08:00:00 UTC",
};

let line = 1;
/** Decodes a native inventory row, as validate() would, so decoder notes are in place. */
function row(overrides: Record<string, string> = {}): InventoryUpdate {
  const fields = { ...CLEAN, ...overrides };
  const rec: RawRecord = {
    source: "inventory",
    position: `inventory.csv:line ${++line}`,
    raw: Object.values(fields).join(","),
    fields,
    layout: { format: "csv", delimiter: ",", names: Object.keys(fields) },
  };
  const result = decodeInventory(rec);
  if (typeof result === "string") throw new Error(`test row does not decode: ${result}`);
  return result;
}

function batch(records: InventoryUpdate[]): Batch<"inventory"> {
  return { table: "inventory", records, quarantine: [] };
}

async function run(
  input: AnyBatch[],
  fixes: Record<string, number> = {},
): Promise<Batch<"inventory">[]> {
  const out: AnyBatch[] = await lastValueFrom(
    from(input).pipe(standardizeInventory(fixes), toArray()),
  );
  return out as Batch<"inventory">[];
}

Deno.test("standardizeInventory() counts no fix for clean rows, and lower-cases brands", async () => {
  const fixes: Record<string, number> = {};
  const [out] = await run([batch([row(), row()])], fixes);
  assert.deepEqual(fixes, {});
  assert.equal(out.records[0].brand, "samsung");
  assert.equal(out.records[0].price, 1299);
  assert.equal(out.records[0].category, "electronics");
});

Deno.test("standardizeInventory() normalizes text and counts text_normalized once per record", async () => {
  const fixes: Record<string, number> = {};
  const [out] = await run([
    batch([
      row({ name: "  Galaxy\u00a0 S10 ", brand: "Ｓａｍｓｕｎｇ", warehouse: " Berlin" }),
      row({ name: "Galaxy   S10" }),
      row({ brand: "Sam\u00a0sung" }),
    ]),
  ], fixes);
  assert.deepEqual(fixes, { text_normalized: 3 });
  assert.equal(out.records[0].name, "Galaxy S10");
  assert.equal(out.records[0].brand, "samsung");
  assert.equal(out.records[0].warehouse, "Berlin");
  assert.equal(out.records[2].brand, "sam sung");
});

Deno.test("standardizeInventory() maps category synonyms and counts them once per record", async () => {
  const fixes: Record<string, number> = {};
  const [out] = await run([
    batch([
      row({ category: "Consumer  Electronics" }),
      row({ category: "CLOTHING" }),
      row({ category: "Home & Garden" }),
      row({ category: "books" }),
    ]),
  ], fixes);
  assert.deepEqual(out.records.map((r) => r.category), ["electronics", "apparel", "home", "books"]);
  assert.deepEqual(fixes, { category_synonym: 3 });
});

Deno.test("standardizeInventory() keeps unknown categories in lower case and marks empty ones unknown", async () => {
  const fixes: Record<string, number> = {};
  const [out] = await run([
    batch([
      row({ category: "Garden  Tools" }),
      row({ category: "" }),
      row({ category: "constructor" }),
    ]),
  ], fixes);
  assert.deepEqual(out.records.map((r) => r.category), ["garden tools", "unknown", "constructor"]);
  assert.deepEqual(fixes, { category_unmapped: 2, missing_category: 1 });
});

Deno.test("standardizeInventory() counts price_parsed once per record with price-like money", async () => {
  const fixes: Record<string, number> = {};
  const [out] = await run([
    batch([row({ price: "$1,299.00", unit_cost: "$650.00" }), row({ price: "1299.00" })]),
  ], fixes);
  assert.deepEqual(fixes, { price_parsed: 1 });
  assert.equal(out.records[0].price, 1299);
  assert.equal(out.records[0].unitCost, 650);
});

Deno.test("standardizeInventory() fills an empty stock level from the product's last known level", async () => {
  const fixes: Record<string, number> = {};
  const [first, second] = await run([
    batch([row({ stock_level: "7" }), row({ product_id: "p2", stock_level: "3" })]),
    batch([
      row({ stock_level: "", change: "adjustment" }),
      row({ product_id: "p2", stock_level: "" }),
    ]),
  ], fixes);
  assert.equal(first.records.length, 2);
  assert.deepEqual(second.records.map((r) => r.stockLevel), [7, 3]);
  assert.deepEqual(fixes, { missing_stock_level: 2 });
});

Deno.test("standardizeInventory() quarantines an empty stock level with no known level", async () => {
  const fixes: Record<string, number> = {};
  const orphan = row({ product_id: "p9", stock_level: "", name: " messy  name" });
  const [out] = await run(
    [batch([row(), orphan, row({ product_id: "p9", stock_level: "4" })])],
    fixes,
  );
  assert.deepEqual(out.records.map((r) => [r.productId, r.stockLevel]), [["p1", 12], ["p9", 4]]);
  assert.equal(out.quarantine.length, 1);
  const q = out.quarantine[0];
  assert.equal(q.reason, "missing_field:stock_level");
  assert.equal(q.source, "inventory");
  assert.match(q.position, /^inventory\.csv:line \d+$/);
  assert.ok(q.raw.startsWith("p9, messy  name,"), q.raw);
  // A record whose source could not say how it read it keeps no text (it might hold an id).
  const unread = row({ product_id: "p8", stock_level: "" });
  INVENTORY_NOTES.get(unread)!.raw.layout = undefined;
  const [alone] = await run([batch([unread])], {});
  assert.equal(alone.quarantine[0].raw, "");
  assert.equal(q.eventTime, Date.UTC(2019, 9, 1, 8));
  assert.deepEqual(fixes, {}, "a quarantined record counts no fix");
});

Deno.test("standardizeInventory() passes other tables through and keeps state per subscription", async () => {
  const activity: AnyBatch = { table: "activity", records: [], quarantine: [] };
  const op = standardizeInventory({});
  const input = [batch([row({ product_id: "p5", stock_level: "" })])];
  const a = await lastValueFrom(from<AnyBatch[]>([activity, ...input]).pipe(op, toArray()));
  assert.equal(a[0], activity);
  assert.equal(a[1].quarantine.length, 1);
  // A second subscription starts with no known levels either.
  const again: AnyBatch[] = [batch([row({ product_id: "p5", stock_level: "" })])];
  const b = await lastValueFrom(from(again).pipe(op, toArray()));
  assert.equal(b[0].quarantine.length, 1);
});
