import assert from "node:assert/strict";
import { normalizeText } from "../../operators/normalize_text.ts";

Deno.test("normalizeText() applies NFKC, collapses whitespace including NBSP, and trims", () => {
  assert.equal(normalizeText("  Ｓａｍｓｕｎｇ\u00a0 Galaxy "), "Samsung Galaxy");
  assert.equal(normalizeText("a\t\tb\nc"), "a b c");
  assert.equal(normalizeText("ﬁne"), "fine");
  assert.equal(normalizeText("   "), "");
});

Deno.test("normalizeText() returns clean text unchanged, as the same string", () => {
  const clean = "Apple iPhone 11 Pro";
  assert.equal(normalizeText(clean), clean);
  assert.equal(normalizeText("Café Crème"), "Café Crème");
  assert.equal(normalizeText(""), "");
});
