import assert from "node:assert/strict";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { duckdbQuery } from "./duckdb_query.ts";
import { REAL, reasonsOf, replayFormat } from "./replay_format.ts";
import { fileTempDir } from "../../temp_dir.ts";

const REVIEWS = `${REAL}olist/olist_order_reviews_first500.csv`;
const PRODUCTS = `${REAL}olist/olist_products_sample.csv`;
const TRANSLATIONS = `${REAL}olist/product_category_name_translation.csv`;
const dir = fileTempDir({ prefix: "olist_" });
const reviews = await replayFormat({ format: "olist-reviews" }, [REVIEWS], `${dir}/reviews`);
const products = await replayFormat({ format: "olist-products" }, [PRODUCTS], `${dir}/products`);

const expected = await duckdbQuery("", {
  reviews: REVIEWS,
  products: PRODUCTS,
  names: TRANSLATIONS,
}, {
  reviews: "SELECT review_id, review_comment_title AS title, review_comment_message AS body, " +
    "CAST(review_score AS INTEGER) AS rating FROM read_csv(getvariable('reviews'), header = true, " +
    "all_varchar = true)",
  products: "SELECT p.product_id, coalesce(t.product_category_name_english, " +
    "p.product_category_name, 'unknown') AS category FROM read_csv(getvariable('products'), " +
    "header = true, all_varchar = true) p LEFT JOIN read_csv(getvariable('names'), header = true, " +
    "all_varchar = true) t USING (product_category_name) ORDER BY p.product_id",
});

Deno.test("olist-reviews replay: every record of the file is a valid review, quoted line breaks included", () => {
  const reasons = reasonsOf(reviews, "reviews");
  assert.equal(expected.reviews.length, 500);
  assert.equal(reasons.total_input, expected.reviews.length);
  assert.equal(reasons.valid, expected.reviews.length);
});

Deno.test("olist-reviews replay: the lake keeps every title and message exactly, Portuguese and line breaks intact", async () => {
  const rows = await readTable(`${dir}/reviews`, "reviews");
  assert.equal(rows.length, 500);
  const byId = new Map(rows.map((r) => [String(r.review_id), r]));
  let multiLine = 0;
  let accented = 0;
  for (const want of expected.reviews) {
    const got = byId.get(String(want.review_id));
    assert.ok(got !== undefined, String(want.review_id));
    assert.equal(got.body, want.body, String(want.review_id));
    assert.equal(got.title, want.title, String(want.review_id));
    assert.equal(got.rating, want.rating);
    if (typeof got.body === "string" && got.body.includes("\n")) multiLine++;
    if (typeof got.body === "string" && /[ãçéêíóõú]/.test(got.body)) accented++;
  }
  assert.equal(multiLine, 26);
  assert.ok(accented > 50, `${accented} messages with accents`);
});

Deno.test("olist-reviews replay: reviews in no time order are not quarantined as late", () => {
  assert.equal(reasonsOf(reviews, "reviews").late, undefined);
});

Deno.test("olist-products replay: every product is an info record with its category translated or unknown", async () => {
  const reasons = reasonsOf(products, "inventory");
  assert.equal(reasons.total_input, expected.products.length);
  assert.equal(reasons.valid, expected.products.length);
  const rows = (await readTable(`${dir}/products`, "inventory"))
    .sort((a, b) => String(a.product_id) < String(b.product_id) ? -1 : 1);
  assert.deepEqual(
    rows.map((r) => [r.product_id, r.category]),
    expected.products.map((r) => [r.product_id, r.category]),
  );
  assert.ok(rows.every((r) => r.change === "info" && r.name === r.product_id));
  const categories = new Set(rows.map((r) => r.category));
  for (const name of ["perfumery", "unknown", "pc_gamer"]) assert.ok(categories.has(name), name);
  assert.equal(
    products.fixes.missing_category,
    rows.filter((r) => r.category === "unknown").length,
  );
});

Deno.test("olist-products: an explicit --translations file elsewhere is used, and without one names stay Portuguese", async () => {
  await Deno.mkdir(`${dir}/alone`);
  await Deno.copyFile(PRODUCTS, `${dir}/alone/products.csv`);
  await Deno.mkdir(`${dir}/names`);
  await Deno.writeTextFile(
    `${dir}/names/names.csv`,
    "\uFEFFproduct_category_name,product_category_name_english\r\nperfumaria,fragrances\r\n",
  );
  await replayFormat(
    { format: "olist-products", translations: `${dir}/names/names.csv` },
    [`${dir}/alone/products.csv`],
    `${dir}/explicit`,
  );
  const explicit = new Set(
    (await readTable(`${dir}/explicit`, "inventory")).map((r) => r.category),
  );
  assert.ok(explicit.has("fragrances") && explicit.has("artes") && !explicit.has("perfumery"));
  await replayFormat({ format: "olist-products" }, [`${dir}/alone/products.csv`], `${dir}/none`);
  const none = new Set((await readTable(`${dir}/none`, "inventory")).map((r) => r.category));
  assert.ok(none.has("perfumaria") && none.has("esporte_lazer"));
});

Deno.test("olist-products: the translation table found beside a folder input is not read as products", async () => {
  await Deno.mkdir(`${dir}/folder`);
  await Deno.copyFile(PRODUCTS, `${dir}/folder/olist_products_dataset.csv`);
  await Deno.copyFile(TRANSLATIONS, `${dir}/folder/product_category_name_translation.csv`);
  const summary = await replayFormat({ format: "olist-products" }, [`${dir}/folder`], `${dir}/f`);
  assert.equal(reasonsOf(summary, "inventory").total_input, expected.products.length);
});
