import assert from "node:assert/strict";
import { parsePriceMicros } from "../../operators/parse_price.ts";

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
