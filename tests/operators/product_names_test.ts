import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { productNames } from "../../operators/product_names.ts";
import type { AnyBatch, InventoryUpdate } from "../../operators/types.ts";

function update(productId: string, name: string, eventTime: number, category = "books") {
  return {
    productId,
    name,
    category,
    brand: "acme",
    unitCost: null,
    price: null,
    stockLevel: 3,
    change: "snapshot",
    warehouse: null,
    eventTime,
  } as InventoryUpdate;
}

function batch(records: InventoryUpdate[]): AnyBatch {
  return { table: "inventory", records, quarantine: [] } as AnyBatch;
}

Deno.test("productNames() emits each product's latest name once, by product id, on completion", async () => {
  const out = await lastValueFrom(
    from([
      batch([update("P2", "Old Lamp", 10), update("P1", "Novel", 5)]),
      batch([update("P2", "Lamp Deluxe", 20, "home"), update("P2", "Stale Lamp", 15)]),
      batch([update("P3", "", 30)]), // nothing to show for an empty name
    ]).pipe(productNames(), toArray()),
  );
  assert.deepEqual(out, [[
    { product_id: "P1", name: "Novel", category: "books", brand: "acme" },
    { product_id: "P2", name: "Lamp Deluxe", category: "home", brand: "acme" },
  ]]);
});

Deno.test("productNames() ignores other tables and emits [] without inventory", async () => {
  const other = { table: "reviews", records: [], quarantine: [] } as unknown as AnyBatch;
  assert.deepEqual(await lastValueFrom(from([other]).pipe(productNames(), toArray())), [[]]);
});
