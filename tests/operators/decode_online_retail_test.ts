import assert from "node:assert/strict";
import {
  createOnlineRetailDecoder,
  ONLINE_RETAIL_COLUMNS,
} from "../../operators/decode_online_retail.ts";
import type { RawRecord, Transaction } from "../../operators/types.ts";

const LINE: Record<string, string> = {
  InvoiceNo: "536365",
  StockCode: "85123A",
  Description: "WHITE HANGING HEART T-LIGHT HOLDER",
  Quantity: "6",
  InvoiceDate: "2010-12-01 08:26:00",
  UnitPrice: "2.55",
  CustomerID: "17850.0",
  Country: "United Kingdom",
};

function rec(change: Record<string, string> = {}, line = 2): RawRecord {
  const fields = { ...LINE, ...change };
  return {
    source: "transactions",
    position: `2010-12-01.csv:line ${line}`,
    raw: ONLINE_RETAIL_COLUMNS.map((c) => fields[c]).join(","),
    fields,
  };
}

function decodeOne(change: Record<string, string>): Transaction | string {
  return createOnlineRetailDecoder()(rec(change));
}

Deno.test("createOnlineRetailDecoder() maps a purchase line onto a canonical transaction", () => {
  assert.deepEqual(decodeOne({}), {
    transactionId: "536365:1",
    orderId: "536365",
    userId: "17850",
    productId: "85123A",
    quantity: 6,
    unitPrice: 2.55,
    unitPriceMicros: 2_550_000,
    type: "purchase",
    eventTime: Date.UTC(2010, 11, 1, 8, 26),
    country: "United Kingdom",
    paymentMethod: null,
  });
});

Deno.test("createOnlineRetailDecoder() quarantines an empty CustomerID as missing_user_id before any other rule", () => {
  assert.equal(decodeOne({ CustomerID: "" }), "missing_user_id");
  assert.equal(decodeOne({ CustomerID: "", UnitPrice: "-11062.06" }), "missing_user_id");
  assert.equal(decodeOne({ CustomerID: "", Quantity: "-3", UnitPrice: "0" }), "missing_user_id");
});

Deno.test("createOnlineRetailDecoder() quarantines a zero or negative UnitPrice as invalid_price before quantity rules", () => {
  assert.equal(decodeOne({ UnitPrice: "0" }), "invalid_price");
  assert.equal(decodeOne({ UnitPrice: "0.00" }), "invalid_price");
  assert.equal(decodeOne({ UnitPrice: "-11062.06", InvoiceNo: "A563186" }), "invalid_price");
  assert.equal(decodeOne({ UnitPrice: "0", Quantity: "-5" }), "invalid_price");
  assert.equal(decodeOne({ UnitPrice: "0", InvoiceNo: "C536379", Quantity: "0" }), "invalid_price");
  assert.equal(decodeOne({ UnitPrice: "two" }), "invalid_number:unit_price");
});

Deno.test("createOnlineRetailDecoder() turns a C invoice into a return of |Quantity| units", () => {
  const t = decodeOne({ InvoiceNo: "C536379", Quantity: "-12" });
  assert.ok(typeof t !== "string");
  assert.equal(t.type, "return");
  assert.equal(t.quantity, 12);
  assert.equal(t.orderId, "C536379");
  assert.equal(t.transactionId, "C536379:1");
  const positive = decodeOne({ InvoiceNo: "C536379", Quantity: "3" });
  assert.ok(typeof positive !== "string" && positive.type === "return" && positive.quantity === 3);
  assert.equal(decodeOne({ InvoiceNo: "C536379", Quantity: "0" }), "invalid_quantity");
});

Deno.test("createOnlineRetailDecoder() quarantines Quantity <= 0 on any other invoice as invalid_quantity", () => {
  assert.equal(decodeOne({ Quantity: "0" }), "invalid_quantity");
  assert.equal(decodeOne({ Quantity: "-6" }), "invalid_quantity");
  assert.equal(decodeOne({ Quantity: "-1", InvoiceNo: "A563185" }), "invalid_quantity");
  assert.equal(decodeOne({ Quantity: "1.5" }), "invalid_quantity");
  assert.equal(decodeOne({ Quantity: "" }), "missing_field:quantity");
});

Deno.test("createOnlineRetailDecoder() keeps sub-cent prices exact in micros", () => {
  const t = decodeOne({ UnitPrice: "0.001", StockCode: "PADS" });
  assert.ok(typeof t !== "string");
  assert.equal(t.unitPriceMicros, 1000);
  const big = decodeOne({ UnitPrice: "38970.00" });
  assert.ok(typeof big !== "string" && big.unitPriceMicros === 38_970_000_000);
});

Deno.test("createOnlineRetailDecoder() drops only a zero fraction from CustomerID", () => {
  const id = (CustomerID: string) => {
    const t = decodeOne({ CustomerID });
    return typeof t === "string" ? t : t.userId;
  };
  assert.equal(id("17850.0"), "17850");
  assert.equal(id("17850.00"), "17850");
  assert.equal(id("17850"), "17850");
  assert.equal(id("17850.5"), "17850.5");
});

Deno.test("createOnlineRetailDecoder() numbers lines within each invoice in input order, quarantined lines included", () => {
  const decode = createOnlineRetailDecoder();
  const ids = [
    decode(rec({ InvoiceNo: "536365" }, 2)),
    decode(rec({ InvoiceNo: "536365", CustomerID: "" }, 3)),
    decode(rec({ InvoiceNo: "536366" }, 4)),
    decode(rec({ InvoiceNo: "536365" }, 5)),
  ].map((t) => typeof t === "string" ? t : t.transactionId);
  assert.deepEqual(ids, ["536365:1", "missing_user_id", "536366:1", "536365:3"]);
});

Deno.test("createOnlineRetailDecoder() gives each new decoder its own line counts", () => {
  const first = createOnlineRetailDecoder();
  first(rec());
  first(rec());
  const again = createOnlineRetailDecoder()(rec());
  assert.ok(typeof again !== "string");
  assert.equal(again.transactionId, "536365:1");
});

Deno.test("createOnlineRetailDecoder() reads InvoiceDate as UTC in the by-day and the original UCI layouts", () => {
  const iso = decodeOne({ InvoiceDate: "2011-12-09 12:50:00" });
  assert.ok(typeof iso !== "string" && iso.eventTime === Date.UTC(2011, 11, 9, 12, 50));
  const us = decodeOne({ InvoiceDate: "12/1/2010 8:26" });
  assert.ok(typeof us !== "string" && us.eventTime === Date.UTC(2010, 11, 1, 8, 26));
  assert.equal(decodeOne({ InvoiceDate: "2011-13-09 12:50:00" }), "invalid_timestamp");
  assert.equal(decodeOne({ InvoiceDate: "" }), "missing_field:timestamp");
});

Deno.test("createOnlineRetailDecoder() reports missing invoice and stock code after the value rules", () => {
  assert.equal(decodeOne({ InvoiceNo: "" }), "missing_field:order_id");
  assert.equal(decodeOne({ StockCode: "" }), "missing_field:product_id");
});

Deno.test("createOnlineRetailDecoder() leaves an empty Country null", () => {
  const t = decodeOne({ Country: "" });
  assert.ok(typeof t !== "string");
  assert.equal(t.country, null);
});

Deno.test("createOnlineRetailDecoder() exposes the event time of a rejected line and its id column", () => {
  const decode = createOnlineRetailDecoder();
  assert.equal(decode.eventTimeOf!(rec({ CustomerID: "" })), Date.UTC(2010, 11, 1, 8, 26));
  assert.equal(decode.eventTimeOf!(rec({ InvoiceDate: "soon" })), null);
  assert.deepEqual(decode.idFields, ["CustomerID"]);
});
