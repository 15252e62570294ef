import assert from "node:assert/strict";
import { decodeTransaction } from "../../operators/decode_transaction.ts";
import type { RawRecord } from "../../operators/types.ts";

const GOOD: Record<string, unknown> = {
  transaction_id: "t1",
  order_id: "o1",
  user_id: "u1",
  product_id: "p1",
  quantity: "2",
  unit_price: "19.99",
  type: "purchase",
  timestamp: "2019-10-01T10:00:00Z",
  country: "DE",
  payment_method: "",
};

function rec(fields: Record<string, unknown>): RawRecord {
  return { source: "transactions", position: "t.ndjson:line 1", raw: "{}", fields };
}

Deno.test("decodeTransaction() decodes a valid line with an exact unit price in micros", () => {
  assert.deepEqual(decodeTransaction(rec(GOOD)), {
    transactionId: "t1",
    orderId: "o1",
    userId: "u1",
    productId: "p1",
    quantity: 2,
    unitPrice: 19.99,
    unitPriceMicros: 19_990_000,
    type: "purchase",
    eventTime: Date.UTC(2019, 9, 1, 10),
    country: "DE",
    paymentMethod: null,
  });
});

Deno.test("decodeTransaction() accepts JSON numbers and numeric ids", () => {
  const t = decodeTransaction(rec({ ...GOOD, quantity: 3, unit_price: 0.29, user_id: 42 }));
  assert.ok(typeof t !== "string");
  assert.equal(t.quantity, 3);
  assert.equal(t.unitPriceMicros, 290_000);
  assert.equal(t.userId, "42");
});

Deno.test("decodeTransaction() reports each missing required field by name, in order", () => {
  const order = [
    "transaction_id",
    "order_id",
    "user_id",
    "product_id",
    "quantity",
    "unit_price",
    "type",
    "timestamp",
  ];
  for (const [i, name] of order.entries()) {
    for (const empty of [undefined, null, ""]) {
      const fields = { ...GOOD, [name]: empty };
      // Every later required field is also broken: the earlier missing field must win.
      for (const later of order.slice(i + 1)) fields[later] = "";
      assert.equal(decodeTransaction(rec(fields)), `missing_field:${name}`);
    }
  }
});

Deno.test("decodeTransaction() gives one reason per line, in the documented order", () => {
  const everythingWrong = {
    ...GOOD,
    quantity: "x",
    unit_price: "y",
    type: "gift",
    timestamp: "soon",
  };
  assert.equal(decodeTransaction(rec(everythingWrong)), "invalid_number:quantity");
  assert.equal(decodeTransaction(rec({ ...everythingWrong, quantity: "0" })), "invalid_quantity");
  assert.equal(
    decodeTransaction(rec({ ...everythingWrong, quantity: "1" })),
    "invalid_number:unit_price",
  );
  assert.equal(
    decodeTransaction(rec({ ...everythingWrong, quantity: "1", unit_price: "0" })),
    "invalid_price",
  );
  assert.equal(
    decodeTransaction(rec({ ...everythingWrong, quantity: "1", unit_price: "1" })),
    "unknown_type",
  );
  assert.equal(
    decodeTransaction(rec({ ...everythingWrong, quantity: "1", unit_price: "1", type: "refund" })),
    "invalid_timestamp",
  );
});

Deno.test("decodeTransaction() rejects quantities that are not integers above zero", () => {
  for (const q of ["0", "-1", "1.5", 2.5, 0, -3]) {
    assert.equal(decodeTransaction(rec({ ...GOOD, quantity: q })), "invalid_quantity", String(q));
  }
  assert.equal(decodeTransaction(rec({ ...GOOD, quantity: true })), "invalid_number:quantity");
  const t = decodeTransaction(rec({ ...GOOD, quantity: "2.0" }));
  assert.ok(typeof t !== "string" && t.quantity === 2);
});

Deno.test("decodeTransaction() rejects non-positive prices and unknown types", () => {
  assert.equal(decodeTransaction(rec({ ...GOOD, unit_price: "-1.00" })), "invalid_price");
  assert.equal(decodeTransaction(rec({ ...GOOD, unit_price: "$5" })), "invalid_number:unit_price");
  assert.equal(decodeTransaction(rec({ ...GOOD, type: "Purchase" })), "unknown_type");
  for (const type of ["purchase", "refund", "return"]) {
    const t = decodeTransaction(rec({ ...GOOD, type }));
    assert.ok(typeof t !== "string" && t.type === type);
  }
});

Deno.test("decodeTransaction() rejects an object where an id belongs", () => {
  assert.equal(decodeTransaction(rec({ ...GOOD, user_id: { id: 1 } })), "invalid_value:user_id");
});

Deno.test("decodeTransaction.eventTimeOf() reads the time of a rejected line when it parses", () => {
  assert.equal(decodeTransaction.eventTimeOf!(rec(GOOD)), Date.UTC(2019, 9, 1, 10));
  assert.equal(decodeTransaction.eventTimeOf!(rec({ ...GOOD, timestamp: "x" })), null);
});

Deno.test("decodeTransaction() quarantines a line whose quantity × unit price is above 10⁹, after the price checks", () => {
  const huge = { ...GOOD, quantity: 100_000_000, unit_price: 1_000_000 };
  assert.equal(decodeTransaction(rec(huge)), "invalid_line_total");
  assert.equal(decodeTransaction(rec({ ...huge, unit_price: 0 })), "invalid_price");
  // At the limit itself, a line is valid.
  const atLimit = decodeTransaction(rec({ ...GOOD, quantity: 1_000, unit_price: 1_000_000 }));
  assert.ok(typeof atLimit !== "string" && atLimit.quantity === 1_000);
});
