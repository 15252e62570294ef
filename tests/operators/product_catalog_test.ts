import assert from "node:assert/strict";
import { ProductCatalog } from "../../operators/product_catalog.ts";
import { monthIndex } from "../../operators/month_window.ts";
import type { InventoryUpdate } from "../../operators/types.ts";

function update(
  time: number,
  productId: string,
  category: string,
  stockLevel: number | null,
): InventoryUpdate {
  return {
    productId,
    name: productId,
    category,
    brand: null,
    unitCost: null,
    price: null,
    stockLevel,
    change: "restock",
    warehouse: null,
    eventTime: time,
  };
}

const JAN = monthIndex(Date.UTC(2011, 0, 1));

Deno.test("ProductCatalog applies only the months it is advanced through", () => {
  const catalog = new ProductCatalog();
  catalog.add([
    update(Date.UTC(2011, 1, 2), "A", "home", 5),
    update(Date.UTC(2011, 0, 2), "A", "books", 9),
  ]);
  assert.equal(catalog.category("A"), "unknown");
  catalog.advance(JAN);
  assert.equal(catalog.category("A"), "books");
  const before = new Map<string, number | null>();
  catalog.advance(JAN + 1, before);
  assert.deepEqual([...before], [["A", 9]]);
  assert.deepEqual([...catalog.products()].map(([id, s]) => [id, s.level, s.category]), [[
    "A",
    5,
    "home",
  ]]);
});

Deno.test("ProductCatalog lets the latest event time win, and the last arrival among equal times", () => {
  const catalog = new ProductCatalog();
  const t = Date.UTC(2011, 0, 10);
  catalog.add([
    update(t + 2, "A", "home", 3),
    update(t, "A", "books", 1),
    update(t + 2, "A", "sports", 4),
    update(t + 3, "A", "", null), // no level: keeps 4; no category: keeps sports
    update(t + 4, "A", "unknown", null), // a standardized missing category: keeps sports too
  ]);
  catalog.advance(Infinity);
  const [[, state]] = [...catalog.products()];
  assert.equal(state.level, 4);
  assert.equal(state.category, "sports");
});

Deno.test("ProductCatalog applies at once an update for a month already advanced through", () => {
  const catalog = new ProductCatalog();
  catalog.advance(JAN + 5);
  catalog.add([update(Date.UTC(2011, 2, 1), "B", "beauty", 7)]);
  assert.equal(catalog.category("B"), "beauty");
});
