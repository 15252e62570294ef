import assert from "node:assert/strict";
import { decodeActivity } from "../../operators/decode_activity.ts";
import type { RawRecord } from "../../operators/types.ts";

const GOOD: Record<string, unknown> = {
  event_time: "2019-10-01 00:00:00 UTC",
  event_type: "view",
  product_id: "44600062",
  category_id: "2103807459595387724",
  category_code: "",
  brand: "shiseido",
  price: "35.79",
  user_id: "541312140",
  user_session: "72d76fde-8bb3-4e00-8c23-a032dfed738c",
};

function rec(fields: Record<string, unknown>): RawRecord {
  return { source: "activity", position: "a.csv:line 2", raw: "...", fields };
}

Deno.test("decodeActivity() decodes a REES46 row; empty optional fields become null", () => {
  assert.deepEqual(decodeActivity(rec(GOOD)), {
    eventId: "a.csv:line 2",
    eventTime: Date.UTC(2019, 9, 1),
    eventType: "view",
    productId: "44600062",
    categoryId: "2103807459595387724",
    categoryCode: null,
    brand: "shiseido",
    price: 35.79,
    userId: "541312140",
    userSession: "72d76fde-8bb3-4e00-8c23-a032dfed738c",
  });
});

Deno.test("decodeActivity() keeps a given event_id and derives a missing one from the position", () => {
  const withId = decodeActivity(rec({ ...GOOD, event_id: "e-1" }));
  assert.ok(typeof withId !== "string" && withId.eventId === "e-1");
  const emptyId = decodeActivity(rec({ ...GOOD, event_id: "" }));
  assert.ok(typeof emptyId !== "string" && emptyId.eventId === "a.csv:line 2");
});

Deno.test("decodeActivity() reports missing required fields in order", () => {
  const order = ["event_time", "event_type", "product_id", "user_id", "user_session"];
  for (const [i, name] of order.entries()) {
    const fields = { ...GOOD, [name]: "" };
    for (const later of order.slice(i + 1)) delete fields[later];
    assert.equal(decodeActivity(rec(fields)), `missing_field:${name}`);
  }
});

Deno.test("decodeActivity() reports unknown_type, then invalid_timestamp, then invalid_number:price", () => {
  const bad = { ...GOOD, event_type: "click", event_time: "yesterday", price: "cheap" };
  assert.equal(decodeActivity(rec(bad)), "unknown_type");
  assert.equal(decodeActivity(rec({ ...bad, event_type: "cart" })), "invalid_timestamp");
  assert.equal(
    decodeActivity(rec({ ...bad, event_type: "cart", event_time: "2019-10-01 00:00:00 UTC" })),
    "invalid_number:price",
  );
  const noPrice = decodeActivity(rec({ ...GOOD, price: "" }));
  assert.ok(typeof noPrice !== "string" && noPrice.price === null);
});

Deno.test("decodeActivity() accepts all four REES46 event types", () => {
  for (const type of ["view", "cart", "remove_from_cart", "purchase"]) {
    const e = decodeActivity(rec({ ...GOOD, event_type: type }));
    assert.ok(typeof e !== "string" && e.eventType === type);
  }
});
