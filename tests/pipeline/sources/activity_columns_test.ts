import assert from "node:assert/strict";
import { packActivity, unpackActivity } from "../../../pipeline/sources/activity_columns.ts";
import type { ActivityEvent } from "../../../operators/types.ts";

const base: ActivityEvent = {
  eventId: "activity.csv:line 2",
  eventTime: Date.UTC(2024, 9, 1, 12, 0, 0),
  eventType: "view",
  productId: "1004081",
  categoryId: "2053013555631882655",
  categoryCode: "electronics.smartphone",
  brand: "samsung",
  price: 130.76,
  userId: "3f1c9a0e7b5d42c18e6f0a9b2c4d6e8f",
  userSession: "8e6f0a9b2c4d6e8f3f1c9a0e7b5d42c1",
};

Deno.test("unpackActivity() rebuilds every field of packed events, nulls, -0 and non-ASCII text included", () => {
  const events: ActivityEvent[] = [
    base,
    { ...base, eventId: "x", eventType: "purchase", categoryId: null, categoryCode: null },
    { ...base, eventType: "cart", brand: null, price: null, productId: "ünï-cödé ✓" },
    { ...base, eventType: "remove_from_cart", price: -0, brand: "", eventTime: 0 },
  ];
  // Structured clone, as postMessage does, so the test sees what the pipeline thread sees.
  const { packed, transfer } = packActivity(events);
  const back = unpackActivity(structuredClone(packed, { transfer }));
  assert.deepEqual(back, events);
  assert.ok(Object.is(back[3].price, -0));
  assert.deepEqual(Object.keys(back[0]), Object.keys(base));
});

Deno.test("packActivity() transfers its typed arrays and handles an empty batch", () => {
  const { packed, transfer } = packActivity([base, base]);
  assert.ok(transfer.includes(packed.eventTime.buffer as ArrayBuffer));
  assert.ok(transfer.includes(packed.userId.ends.buffer as ArrayBuffer));
  assert.deepEqual(unpackActivity(packActivity([]).packed), []);
});
