import assert from "node:assert/strict";
import type { RawRecord } from "../../../operators/types.ts";
import { NATIVE_DECODERS } from "../../../operators/validate.ts";
import { messageKey } from "../../../pipeline/kafka/message_key.ts";
import { JSON_LAYOUT } from "../../../pipeline/sources/raw_record.ts";

function record(source: string, fields: Record<string, unknown>): RawRecord {
  return { source, position: `${source}.json:line 7`, raw: "", fields, layout: JSON_LAYOUT };
}

const review = {
  review_id: "rv1",
  user_id: "u1",
  product_id: "p9",
  order_id: null,
  rating: 4,
  title: null,
  body: null,
  created_at: "2024-10-15T14:28:25.000Z",
};

const transaction = {
  transaction_id: "t1",
  order_id: "o1",
  user_id: "u42",
  product_id: "p1",
  quantity: 1,
  unit_price: 2,
  type: "purchase",
  timestamp: "2024-10-03T20:21:35.000Z",
};

Deno.test("messageKey() keys transactions by user id and reviews by product id, else review id", () => {
  assert.equal(
    messageKey(NATIVE_DECODERS, "transactions", record("transactions", transaction)),
    "u42",
  );
  assert.equal(messageKey(NATIVE_DECODERS, "reviews", record("reviews", review)), "p9");
  const noProduct = record("reviews", { ...review, product_id: null });
  assert.equal(messageKey(NATIVE_DECODERS, "reviews", noProduct), "rv1");
});

Deno.test("messageKey() keys a record its decoder rejects by position, never by a raw field", () => {
  const negative = record("transactions", { ...transaction, quantity: -3 });
  assert.equal(messageKey(NATIVE_DECODERS, "transactions", negative), "transactions.json:line 7");
  const noUser = record("activity", { event_type: "view", user_id: "u7" });
  assert.equal(messageKey(NATIVE_DECODERS, "activity", noUser), "activity.json:line 7");
});
