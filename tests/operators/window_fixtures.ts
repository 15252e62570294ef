/**
 * Test fixtures shared by the window and per-minute metric tests: record and batch factories,
 * a seeded PRNG, and a marble-test scheduler that compares with `node:assert/strict`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { TestScheduler } from "rxjs/testing";
import type {
  ActivityEvent,
  AnyBatch,
  Batch,
  EventType,
  Transaction,
} from "../../operators/types.ts";

/** 2019-10-01T00:00:00.000Z, the start of every fixture timeline. */
export const T0 = Date.UTC(2019, 9, 1);

/** Minutes after {@linkcode T0}, plus optional seconds, in ms. */
export function at(minutes: number, seconds = 0): number {
  return T0 + minutes * 60_000 + seconds * 1000;
}

let nextId = 0;

/** An activity event at `eventTime`; ids are unique unless given. */
export function activity(
  eventTime: number,
  fields: Partial<ActivityEvent> & { eventType?: EventType } = {},
): ActivityEvent {
  nextId++;
  return {
    eventId: `e${nextId}`,
    eventTime,
    eventType: "view",
    productId: "p1",
    categoryId: null,
    categoryCode: null,
    brand: null,
    price: null,
    userId: `u${nextId}`,
    userSession: `s${nextId}`,
    ...fields,
  };
}

/** A purchase transaction line at `eventTime`. */
export function transaction(eventTime: number, transactionId: string): Transaction {
  return {
    transactionId,
    orderId: "o1",
    userId: "u1",
    productId: "p1",
    quantity: 1,
    unitPrice: 1,
    unitPriceMicros: 1_000_000,
    type: "purchase",
    eventTime,
    country: null,
    paymentMethod: null,
  };
}

/** An activity batch, with `watermark` set when given. */
export function activityBatch(records: ActivityEvent[], watermark?: number): AnyBatch {
  const batch: Batch<"activity"> = { table: "activity", records, quarantine: [] };
  if (watermark !== undefined) batch.watermark = watermark;
  return batch;
}

/** Splits `items` into consecutive chunks whose sizes are drawn from `random` (1..maxSize). */
export function split<T>(items: T[], random: () => number, maxSize: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length;) {
    const n = 1 + Math.floor(random() * maxSize);
    chunks.push(items.slice(i, i + n));
    i += n;
  }
  return chunks;
}

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A TestScheduler whose frames are compared with `assert.deepStrictEqual`. */
export function marbles(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepStrictEqual(actual, expected));
}
