import assert from "node:assert/strict";
import { parsePriceMicros, priceProblem } from "../../operators/parse_price.ts";
import { decodeActivity } from "../../operators/decode_activity.ts";
import { decodeInventory } from "../../operators/decode_inventory.ts";
import { decodeTransaction } from "../../operators/decode_transaction.ts";

Deno.test("parsePriceMicros() reads currency prefixes and thousands commas", () => {
  assert.equal(parsePriceMicros("$1,299.00"), 1_299_000_000);
  assert.equal(parsePriceMicros("€ 12.50"), 12_500_000);
  assert.equal(parsePriceMicros(" £1,000,000 "), 1_000_000_000_000);
  assert.equal(parsePriceMicros("\u00a0$5\u00a0"), 5_000_000);
  assert.equal(parsePriceMicros("1,299.5"), 1_299_500_000);
  assert.equal(parsePriceMicros("-$3.10"), -3_100_000);
});

Deno.test("parsePriceMicros() does not guess decimal commas or other layouts", () => {
  for (const bad of ["12,99", "1.299,00 €", "1,29,900", "USD 5", "$", "$$5", "5$", "abc", ""]) {
    assert.ok(Number.isNaN(parsePriceMicros(bad)), bad);
  }
});

Deno.test("priceProblem() is one rule: not a number, negative, and a zero-priced sale line", () => {
  assert.equal(priceProblem(NaN, "price"), "invalid_number:price");
  assert.equal(priceProblem(-1, "price"), "invalid_price");
  assert.equal(priceProblem(-1_000_000, "unit_cost"), "invalid_price");
  assert.equal(priceProblem(-1_000_000, "unit_price", true), "invalid_price");
  assert.equal(priceProblem(0, "price"), null);
  assert.equal(priceProblem(0, "unit_price", true), "invalid_price");
  assert.equal(priceProblem(12_500_000, "unit_price", true), null);
});

Deno.test("every decoder rejects a negative price as invalid_price", () => {
  const at = { source: "t", position: "t.csv:line 2", raw: "" };
  const activity = decodeActivity({
    ...at,
    fields: {
      event_time: "2019-10-01 00:00:00 UTC",
      event_type: "view",
      product_id: "p1",
      price: "-35.79",
      user_id: "u1",
      user_session: "s1",
    },
  });
  assert.equal(activity, "invalid_price");
  const inventory = (field: string) =>
    decodeInventory({
      ...at,
      fields: {
        product_id: "p1",
        updated_at: "2019-10-01 08:00:00 UTC",
        change: "restock",
        [field]: "-$1,299.00",
      },
    });
  assert.equal(inventory("price"), "invalid_price");
  assert.equal(inventory("unit_cost"), "invalid_price");
  const transaction = decodeTransaction({
    ...at,
    fields: {
      transaction_id: "t1",
      order_id: "o1",
      user_id: "u1",
      product_id: "p1",
      quantity: "1",
      unit_price: "-9.99",
      type: "purchase",
      timestamp: "2019-10-01T00:00:00Z",
    },
  });
  assert.equal(transaction, "invalid_price");
});
