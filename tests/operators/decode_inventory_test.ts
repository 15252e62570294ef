import assert from "node:assert/strict";
import { decodeInventory } from "../../operators/decode_inventory.ts";
import { INVENTORY_NOTES } from "../../operators/inventory_notes.ts";
import type { InventoryUpdate, RawRecord } from "../../operators/types.ts";

const GOOD: Record<string, unknown> = {
  product_id: "p1",
  name: " Galaxy  S10 ",
  category: "Electronics",
  brand: "Samsung",
  unit_cost: "650.00",
  price: "899.99",
  stock_level: "12",
  change: "restock",
  warehouse: "",
  updated_at: "2019-10-01 08:00:00 UTC",
};

function rec(fields: Record<string, unknown>): RawRecord {
  return { source: "inventory", position: "inventory.csv:line 2", raw: "p1,...", fields };
}

function decoded(fields: Record<string, unknown>): InventoryUpdate {
  const result = decodeInventory(rec(fields));
  if (typeof result === "string") throw new Error(`expected a record, got ${result}`);
  return result;
}

Deno.test("decodeInventory() decodes a row and leaves text cleaning to standardization", () => {
  const r = decoded(GOOD);
  assert.deepEqual(r, {
    productId: "p1",
    name: " Galaxy  S10 ",
    category: "Electronics",
    brand: "Samsung",
    unitCost: 650,
    price: 899.99,
    stockLevel: 12,
    change: "restock",
    warehouse: null,
    eventTime: Date.UTC(2019, 9, 1, 8),
  });
  assert.equal(INVENTORY_NOTES.get(r), undefined, "a clean row carries no note");
});

Deno.test("decodeInventory() parses price-like money and notes it once per record", () => {
  const r = decoded({ ...GOOD, price: "$1,299.00", unit_cost: "€ 650" });
  assert.equal(r.price, 1299);
  assert.equal(r.unitCost, 650);
  assert.equal(INVENTORY_NOTES.get(r)?.priceParsed, true);
});

Deno.test("decodeInventory() decodes an empty stock level as null and keeps the raw record", () => {
  const raw = rec({ ...GOOD, stock_level: "" });
  const r = decodeInventory(raw) as InventoryUpdate;
  assert.equal(r.stockLevel, null);
  assert.equal(INVENTORY_NOTES.get(r)?.raw, raw);
  assert.equal(INVENTORY_NOTES.get(r)?.priceParsed, false);
});

Deno.test("decodeInventory() reports problems in order, one per row", () => {
  assert.equal(
    decodeInventory(rec({ ...GOOD, product_id: "", updated_at: "" })),
    "missing_field:product_id",
  );
  assert.equal(decodeInventory(rec({ ...GOOD, updated_at: "" })), "missing_field:updated_at");
  assert.equal(decodeInventory(rec({ ...GOOD, change: "" })), "missing_field:change");
  assert.equal(
    decodeInventory(rec({ ...GOOD, updated_at: "x", change: "sold" })),
    "invalid_timestamp",
  );
  assert.equal(decodeInventory(rec({ ...GOOD, change: "sold", price: "x" })), "unknown_change");
  assert.equal(
    decodeInventory(rec({ ...GOOD, unit_cost: "n/a", price: "x" })),
    "invalid_number:unit_cost",
  );
  assert.equal(decodeInventory(rec({ ...GOOD, price: "12,99" })), "invalid_number:price");
  assert.equal(
    decodeInventory(rec({ ...GOOD, stock_level: "many" })),
    "invalid_number:stock_level",
  );
  assert.equal(decodeInventory(rec({ ...GOOD, stock_level: "1.5" })), "invalid_number:stock_level");
});

Deno.test("decodeInventory() accepts every change kind and a missing category as empty text", () => {
  for (const change of ["snapshot", "restock", "adjustment", "info"]) {
    assert.equal(decoded({ ...GOOD, change }).change, change);
  }
  assert.equal(decoded({ ...GOOD, category: "" }).category, "");
});
