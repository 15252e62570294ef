import assert from "node:assert/strict";
import { decodeOlistReview } from "../../operators/decode_olist_review.ts";
import type { RawRecord } from "../../operators/types.ts";

const ROW: Record<string, string> = {
  review_id: "e64fb393e7b32834bb789ff8bb30750e",
  order_id: "658677c97b385a9be170737859d3511b",
  review_score: "5",
  review_comment_title: "Ótimo",
  review_comment_message:
    "Recebi bem antes do prazo.\r\nProduto de ótima qualidade, não deixa a desejar",
  review_creation_date: "2017-04-21 00:00:00",
  review_answer_timestamp: "2017-04-21 22:02:06",
};

function rec(change: Record<string, unknown> = {}): RawRecord {
  return { source: "reviews", position: "r.csv:line 5", raw: "…", fields: { ...ROW, ...change } };
}

Deno.test("decodeOlistReview() maps score, title, message and creation date, keeping the text as written", () => {
  assert.deepEqual(decodeOlistReview(rec()), {
    reviewId: "e64fb393e7b32834bb789ff8bb30750e",
    userId: null,
    productId: null,
    orderId: "658677c97b385a9be170737859d3511b",
    rating: 5,
    title: "Ótimo",
    body: "Recebi bem antes do prazo.\r\nProduto de ótima qualidade, não deixa a desejar",
    eventTime: Date.UTC(2017, 3, 21),
  });
});

Deno.test("decodeOlistReview() leaves empty title and message null", () => {
  const r = decodeOlistReview(rec({ review_comment_title: "", review_comment_message: "" }));
  assert.ok(typeof r !== "string");
  assert.equal(r.title, null);
  assert.equal(r.body, null);
});

Deno.test("decodeOlistReview() quarantines missing keys, a score outside 1..5 and a bad date", () => {
  assert.equal(decodeOlistReview(rec({ review_id: "" })), "missing_field:review_id");
  assert.equal(decodeOlistReview(rec({ review_score: "" })), "missing_field:rating");
  assert.equal(decodeOlistReview(rec({ review_creation_date: "" })), "missing_field:created_at");
  assert.equal(decodeOlistReview(rec({ review_score: "0" })), "invalid_rating");
  assert.equal(decodeOlistReview(rec({ review_score: "6" })), "invalid_rating");
  assert.equal(decodeOlistReview(rec({ review_score: "4.5" })), "invalid_rating");
  assert.equal(decodeOlistReview(rec({ review_creation_date: "21/04/2017" })), "invalid_timestamp");
  assert.equal(decodeOlistReview(rec({ review_comment_message: ["x"] })), "invalid_value:body");
});

Deno.test("decodeOlistReview() dates a rejected review by its creation date and names no id fields", () => {
  assert.equal(decodeOlistReview.eventTimeOf!(rec({ review_score: "9" })), Date.UTC(2017, 3, 21));
  assert.equal(decodeOlistReview.eventTimeOf!(rec({ review_creation_date: "x" })), null);
  assert.deepEqual(decodeOlistReview.idFields, []);
});
