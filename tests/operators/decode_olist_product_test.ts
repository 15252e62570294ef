import assert from "node:assert/strict";
import {
  createOlistProductDecoder,
  OLIST_CATALOG_TIME,
} from "../../operators/decode_olist_product.ts";
import type { RawRecord } from "../../operators/types.ts";

const NAMES = new Map([["perfumaria", "perfumery"], ["beleza_saude", "health_beauty"]]);

function rec(fields: Record<string, unknown>): RawRecord {
  return { source: "inventory", position: "p.csv:line 2", raw: "…", fields };
}

Deno.test("createOlistProductDecoder() makes an info record with the category translated", () => {
  const decode = createOlistProductDecoder(NAMES);
  assert.deepEqual(
    decode(
      rec({ product_id: "1e9e8ef0", product_category_name: "perfumaria", product_weight_g: "225" }),
    ),
    {
      productId: "1e9e8ef0",
      name: "1e9e8ef0",
      category: "perfumery",
      brand: null,
      unitCost: null,
      price: null,
      stockLevel: 0,
      change: "info",
      warehouse: null,
      eventTime: OLIST_CATALOG_TIME,
    },
  );
});

Deno.test("createOlistProductDecoder() keeps a category the table lacks, and leaves a missing one empty", () => {
  const decode = createOlistProductDecoder(NAMES);
  const category = (name: string) => {
    const u = decode(rec({ product_id: "p", product_category_name: name }));
    return typeof u === "string" ? u : u.category;
  };
  assert.equal(category("pc_gamer"), "pc_gamer");
  assert.equal(category(""), "");
  const noColumn = createOlistProductDecoder(new Map())(rec({ product_id: "p" }));
  assert.ok(typeof noColumn !== "string");
  assert.equal(noColumn.category, "");
});

Deno.test("createOlistProductDecoder() quarantines a row without a product id", () => {
  const decode = createOlistProductDecoder(NAMES);
  assert.equal(
    decode(rec({ product_id: "", product_category_name: "artes" })),
    "missing_field:product_id",
  );
  assert.equal(decode(rec({ product_id: { id: 1 } })), "invalid_value:product_id");
});

Deno.test("createOlistProductDecoder() stamps every record with the given time", () => {
  const at = Date.UTC(2018, 0, 1);
  const u = createOlistProductDecoder(NAMES, at)(rec({ product_id: "p" }));
  assert.ok(typeof u !== "string");
  assert.equal(u.eventTime, at);
  assert.equal(OLIST_CATALOG_TIME, Date.parse("2016-09-01T00:00:00Z"));
});
