import assert from "node:assert/strict";
import { createMappingDecoder, type FieldMapping } from "../../operators/decode_mapping.ts";
import type { RawRecord } from "../../operators/types.ts";

const ACTIVITY: FieldMapping & { table: "activity" } = {
  table: "activity",
  fields: [
    ["When", "event_time"],
    ["Action", "event_type"],
    ["Sku", "product_id"],
    ["Customer", "user_id"],
    ["Visit", "user_session"],
    ["Amount", "price"],
  ],
  values: { event_type: { add_to_cart: "cart", page_view: "view" } },
  constants: { brand: "acme" },
  timeFormat: "DD/MM/YYYY HH:MM",
  offsetMinutes: 120,
};

const ROW = {
  When: "01/10/2019 02:05",
  Action: "add_to_cart",
  Sku: "sku-1",
  Customer: "c-9",
  Visit: "v-1",
  Amount: "12.50",
  Ignored: "x",
};

function rec(fields: Record<string, unknown>, position = "shop.csv:line 2"): RawRecord {
  return { source: "activity", position, raw: "…", fields };
}

Deno.test("createMappingDecoder() renames columns, maps values, adds constants and reads the time at its zone", () => {
  assert.deepEqual(createMappingDecoder(ACTIVITY)(rec(ROW)), {
    eventId: "shop.csv:line 2",
    eventTime: Date.UTC(2019, 9, 1, 0, 5),
    eventType: "cart",
    productId: "sku-1",
    categoryId: null,
    categoryCode: null,
    brand: "acme",
    price: 12.5,
    userId: "c-9",
    userSession: "v-1",
  });
});

Deno.test("createMappingDecoder() passes unmapped values on, so the native checks name them", () => {
  const decode = createMappingDecoder(ACTIVITY);
  assert.equal(decode(rec({ ...ROW, Action: "wishlist" })), "unknown_type");
  const view = decode(rec({ ...ROW, Action: "view" }));
  assert.ok(typeof view !== "string" && view.eventType === "view");
});

Deno.test("createMappingDecoder() gives the native reason codes in canonical names", () => {
  const decode = createMappingDecoder(ACTIVITY);
  assert.equal(decode(rec({ ...ROW, Customer: "" })), "missing_field:user_id");
  assert.equal(decode(rec({ ...ROW, When: "" })), "missing_field:event_time");
  assert.equal(decode(rec({ ...ROW, When: "2019-10-01 02:05" })), "invalid_timestamp");
  assert.equal(decode(rec({ ...ROW, Amount: "12,50" })), "invalid_number:price");
});

Deno.test("createMappingDecoder() dates a rejected record with the mapping's format and names its id columns", () => {
  const decode = createMappingDecoder(ACTIVITY);
  assert.equal(decode.eventTimeOf!(rec({ ...ROW, Customer: "" })), Date.UTC(2019, 9, 1, 0, 5));
  assert.equal(decode.eventTimeOf!(rec({ ...ROW, When: "soon" })), null);
  assert.deepEqual(decode.idFields, ["Customer", "Visit"]);
});

Deno.test("createMappingDecoder() takes required fields from constants and epoch times from numbers", () => {
  const decode = createMappingDecoder({
    table: "transactions",
    fields: [
      ["line", "transaction_id"],
      ["order", "order_id"],
      ["buyer", "user_id"],
      ["item", "product_id"],
      ["qty", "quantity"],
      ["each", "unit_price"],
      ["at", "timestamp"],
    ],
    values: {},
    constants: { type: "purchase", country: "DE" },
    timeFormat: "epoch_ms",
    offsetMinutes: 0,
  });
  const t = decode({
    source: "transactions",
    position: "t.ndjson:line 1",
    raw: "{}",
    fields: { line: 7, order: "o1", buyer: 42, item: "p", qty: 2, each: 0.29, at: 1569888000123 },
  });
  assert.deepEqual(t, {
    transactionId: "7",
    orderId: "o1",
    userId: "42",
    productId: "p",
    quantity: 2,
    unitPrice: 0.29,
    unitPriceMicros: 290_000,
    type: "purchase",
    eventTime: 1569888000123,
    country: "DE",
    paymentMethod: null,
  });
});

Deno.test("createMappingDecoder() keeps ISO text as it is when the zone is UTC", () => {
  const decode = createMappingDecoder({
    table: "reviews",
    fields: [["id", "review_id"], ["stars", "rating"], ["at", "created_at"], ["text", "body"]],
    values: {},
    constants: {},
    timeFormat: "iso",
    offsetMinutes: 0,
  });
  const r = decode({
    source: "reviews",
    position: "r.csv:line 2",
    raw: "…",
    fields: { id: "r1", stars: "4", at: "2019-10-03 10:00:00", text: "Ótimo, chegou rápido" },
  });
  assert.ok(typeof r !== "string");
  assert.equal(r.eventTime, Date.UTC(2019, 9, 3, 10));
  assert.equal(r.body, "Ótimo, chegou rápido");
});

Deno.test("createMappingDecoder() reads a column named like an object's method as absent, not the method", () => {
  // "constructor" → price read Object's constructor function: a valid record was quarantined
  // as invalid_number:price.
  const mapping: FieldMapping & { table: "activity" } = {
    ...ACTIVITY,
    fields: [...ACTIVITY.fields.filter(([, t]) => t !== "price"), ["constructor", "price"]],
  };
  const { Amount: _, ...withoutPrice } = ROW;
  const event = createMappingDecoder(mapping)(rec(withoutPrice));
  assert.ok(typeof event !== "string", String(event));
  assert.equal(event.price, null);
  const timed = { ...mapping, fields: [...mapping.fields, ["toString", "category_code"]] };
  const decoded = createMappingDecoder(timed as typeof mapping)(rec(withoutPrice));
  assert.ok(typeof decoded !== "string" && decoded.categoryCode === null, String(decoded));
});

Deno.test("createMappingDecoder() rejects an epoch time beyond what a Date holds, never throws", () => {
  // 9e15 ms (beyond ±8.64e15) made `new Date(t).toISOString()` throw: the whole replay stopped
  // with "error: Invalid time value", naming no file.
  for (
    const [format, at] of [
      ["epoch_ms", "9000000000000000"],
      ["epoch_ms", -9e15],
      ["epoch_s", 1e13],
      ["epoch_s", "-100000000000000"],
    ] as const
  ) {
    const decode = createMappingDecoder({ ...ACTIVITY, timeFormat: format, offsetMinutes: 0 });
    const row = rec({ ...ROW, When: at });
    assert.equal(decode(row), "invalid_timestamp", `${format} ${at}`);
    assert.equal(decode.eventTimeOf!(row), null, `${format} ${at}`);
  }
  const edge = createMappingDecoder({ ...ACTIVITY, timeFormat: "epoch_ms", offsetMinutes: 0 });
  assert.equal(edge.eventTimeOf!(rec({ ...ROW, When: 8.64e15 })), 8.64e15);
});
