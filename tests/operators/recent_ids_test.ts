import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { RecentIds } from "../../operators/recent_ids.ts";
import { validate } from "../../operators/validate.ts";
import type { RawBatch, RawRecord } from "../../operators/types.ts";

const DAY = 86_400_000;

Deno.test("RecentIds remembers an id for at least the window of event time", () => {
  const ids = new RecentIds(10 * DAY);
  ids.add("a", 0);
  for (let day = 1; day <= 10; day++) {
    ids.add(`d${day}`, day * DAY);
    assert.equal(ids.has("a"), true, `day ${day}`);
  }
});

Deno.test("RecentIds forgets ids older than two windows, so memory stays bounded", () => {
  const ids = new RecentIds(DAY);
  let peak = 0;
  for (let i = 0; i < 100_000; i++) {
    ids.add(`t${i}`, i * 60_000); // one id a minute for 69 days
    peak = Math.max(peak, ids.size);
  }
  assert.ok(peak <= 2 * 1440 + 1, `peak ${peak}`);
  assert.equal(ids.has("t0"), false);
  assert.equal(ids.has("t99999"), true);
});

Deno.test("RecentIds with an infinite window never forgets; a bad window is a RangeError", () => {
  const ids = new RecentIds(Infinity);
  ids.add("a", 0);
  ids.add("b", 1e15);
  assert.equal(ids.has("a"), true);
  assert.throws(() => new RecentIds(-1), RangeError);
  assert.throws(() => new RecentIds(NaN), RangeError);
});

function tx(line: number, id: string, day: number): RawRecord {
  const fields = {
    transaction_id: id,
    order_id: "o1",
    user_id: "u1",
    product_id: "p1",
    quantity: "1",
    unit_price: "9.99",
    type: "purchase",
    timestamp: new Date(Date.UTC(2025, 0, 1) + day * DAY).toISOString(),
  };
  return { source: "transactions", position: `t.csv:line ${line}`, raw: "...", fields };
}

async function reasons(window: number | undefined, records: RawRecord[]) {
  const batch: RawBatch = {
    table: "transactions",
    records,
    quarantine: [],
    bytesRead: 0,
    bytesTotal: 0,
  };
  const out = await lastValueFrom(
    from([batch]).pipe(validate(undefined, { dedupeWindow: window }), toArray()),
  );
  return out.flatMap((b) => b.quarantine.map((q) => `${q.position} ${q.reason}`));
}

Deno.test("validate() with a dedupe window: repeats within it are duplicate_id, a repeat long after is not", async () => {
  const input = [tx(2, "t1", 0), tx(3, "t1", 5), tx(4, "t2", 40), tx(5, "t3", 75), tx(6, "t1", 80)];
  assert.deepEqual(await reasons(30 * DAY, input), ["t.csv:line 3 duplicate_id"]);
  // Without a window every repeat is a duplicate (and every id is kept).
  assert.deepEqual(await reasons(undefined, input), [
    "t.csv:line 3 duplicate_id",
    "t.csv:line 6 duplicate_id",
  ]);
});
