import assert from "node:assert/strict";
import { encodeRows } from "../../../pipeline/lake/encode_rows.ts";
import { partRecords } from "../../../pipeline/lake/part_records.ts";
import type { LakeTableName } from "../../../pipeline/lake/lake_schema.ts";

const T = Date.UTC(2024, 9, 1, 12, 0, 0, 123);

/** Rows of every table with every column kind, nulls and awkward amounts. */
const ROWS: Record<Exclude<LakeTableName, "activity">, object[]> = {
  transactions: [
    {
      transactionId: "t1",
      orderId: "o1",
      userId: "pseudo-u1",
      productId: "p1",
      quantity: 3,
      unitPriceMicros: 1_000, // 0.001: Online Retail's smallest price
      type: "purchase",
      eventTime: T,
      country: null,
      paymentMethod: "card",
    },
    {
      transactionId: "t2",
      orderId: "o1",
      userId: "pseudo-u1",
      productId: "p2",
      quantity: -1,
      unitPriceMicros: 123_456_789_012,
      type: "refund",
      eventTime: T + 1,
      country: "DE",
      paymentMethod: null,
    },
  ],
  inventory: [
    {
      productId: "p1",
      name: "Tent «Nova»",
      category: "outdoor",
      brand: null,
      unitCost: 87.45,
      price: 0.1,
      stockLevel: null,
      change: "snapshot",
      warehouse: "NYC-1",
      eventTime: T,
    },
    {
      productId: "p2",
      name: "Lamp",
      category: "home",
      brand: "acme",
      unitCost: null,
      price: 1794.99,
      stockLevel: 18,
      change: "restock",
      warehouse: null,
      eventTime: T,
    },
  ],
  reviews: [
    {
      reviewId: "rv1",
      userId: null,
      productId: "p1",
      orderId: null,
      rating: 5,
      title: "Love it",
      body: 'He said "great".\nTwo lines.',
      eventTime: T,
    },
  ],
  quarantine: [
    {
      source: "shopease.reviews",
      position: "shopease.reviews/2@9",
      reason: "invalid_rating",
      raw: "{}",
      eventTime: T,
    },
    {
      source: "shopease.activity",
      position: "shopease.activity/0@1",
      reason: "malformed_json",
      raw: "",
      eventTime: null,
    },
  ],
};

Deno.test("partRecords() gives back rows that encode to the same bytes, for every table's columns", async () => {
  for (const [table, rows] of Object.entries(ROWS)) {
    const bytes = encodeRows(table as LakeTableName, rows);
    const records = await partRecords(table as LakeTableName, bytes);
    assert.deepEqual(records, rows, table);
    assert.deepEqual(encodeRows(table as LakeTableName, records), bytes, table);
  }
});

Deno.test("partRecords() refuses a part of another table's layout", async () => {
  await assert.rejects(
    partRecords("reviews", encodeRows("quarantine", ROWS.quarantine)),
    /part of reviews lacks column review_id/,
  );
});
