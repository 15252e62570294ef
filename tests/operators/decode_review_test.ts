import assert from "node:assert/strict";
import { decodeReview } from "../../operators/decode_review.ts";
import type { RawRecord } from "../../operators/types.ts";

const GOOD: Record<string, unknown> = {
  review_id: "r1",
  user_id: "u1",
  product_id: "p1",
  order_id: "",
  rating: 4,
  title: "Good",
  body: null,
  created_at: "2019-10-03T10:00:00Z",
};

function rec(fields: Record<string, unknown>): RawRecord {
  return { source: "reviews", position: "r.json:element 0", raw: "{}", fields };
}

Deno.test("decodeReview() decodes a review; empty or null optional fields become null", () => {
  assert.deepEqual(decodeReview(rec(GOOD)), {
    reviewId: "r1",
    userId: "u1",
    productId: "p1",
    orderId: null,
    rating: 4,
    title: "Good",
    body: null,
    eventTime: Date.UTC(2019, 9, 3, 10),
  });
});

Deno.test("decodeReview() reports missing review_id, rating, created_at in that order", () => {
  assert.equal(
    decodeReview(rec({ ...GOOD, review_id: "", rating: null })),
    "missing_field:review_id",
  );
  assert.equal(
    decodeReview(rec({ ...GOOD, rating: null, created_at: "" })),
    "missing_field:rating",
  );
  assert.equal(decodeReview(rec({ ...GOOD, created_at: undefined })), "missing_field:created_at");
});

Deno.test("decodeReview() accepts ratings 1 to 5 as numbers or text, nothing else", () => {
  for (const rating of [1, "5", "3.0"]) {
    assert.ok(typeof decodeReview(rec({ ...GOOD, rating })) !== "string", String(rating));
  }
  for (const rating of [0, 6, "4.5", "five", -1, true]) {
    assert.equal(decodeReview(rec({ ...GOOD, rating })), "invalid_rating", String(rating));
  }
});

Deno.test("decodeReview() reports invalid_rating before invalid_timestamp", () => {
  assert.equal(decodeReview(rec({ ...GOOD, rating: 9, created_at: "x" })), "invalid_rating");
  assert.equal(decodeReview(rec({ ...GOOD, created_at: "x" })), "invalid_timestamp");
});
