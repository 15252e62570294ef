import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import {
  DEFAULT_MIN_EVENT_TIME,
  isPlausibleTime,
  plausibleTimeAt,
} from "../../operators/plausible_time.ts";
import { validate } from "../../operators/validate.ts";
import type { AnyBatch, RawBatch, RawRecord, TableName } from "../../operators/types.ts";

const NOW = Date.UTC(2026, 0, 15);
const WINDOW = plausibleTimeAt(NOW);

function raw(table: TableName, line: number, fields: Record<string, unknown>): RawRecord {
  return { source: table, position: `${table}:line ${line}`, raw: `line ${line}`, fields };
}

function batch(table: TableName, records: RawRecord[]): RawBatch {
  return { table, records, quarantine: [], bytesRead: 0, bytesTotal: 0 };
}

const ROWS: Record<TableName, (time: string) => Record<string, unknown>> = {
  activity: (time) => ({
    event_time: time,
    event_type: "view",
    product_id: "p1",
    user_id: "u1",
    user_session: "s1",
  }),
  transactions: (time) => ({
    transaction_id: `t-${time}`,
    order_id: "o1",
    user_id: "u1",
    product_id: "p1",
    quantity: "1",
    unit_price: "9.99",
    type: "purchase",
    timestamp: time,
  }),
  inventory: (time) => ({ product_id: "p1", updated_at: time, change: "snapshot" }),
  reviews: (time) => ({
    review_id: "r1",
    user_id: "u1",
    product_id: "p1",
    order_id: "o1",
    rating: 4,
    created_at: time,
  }),
};

async function run(batches: RawBatch[], op = validate(undefined, { plausibleTime: WINDOW })) {
  return await lastValueFrom(from(batches).pipe(op, toArray())) as AnyBatch[];
}

Deno.test("plausibleTimeAt() spans the floor to now plus the allowed skew, bounds included", () => {
  assert.deepEqual(plausibleTimeAt(NOW, 3_600_000, 0), {
    min: 0,
    max: NOW + 3_600_000,
    maxFuture: 3_600_000,
  });
  assert.equal(WINDOW.min, DEFAULT_MIN_EVENT_TIME);
  assert.equal(WINDOW.max, NOW + 86_400_000);
  assert.equal(isPlausibleTime(WINDOW.max, WINDOW), true);
  assert.equal(isPlausibleTime(WINDOW.max + 1, WINDOW), false);
  assert.equal(isPlausibleTime(WINDOW.min, WINDOW), true);
  assert.equal(isPlausibleTime(WINDOW.min - 1, WINDOW), false);
});

for (const table of ["activity", "transactions", "inventory", "reviews"] as const) {
  Deno.test(`validate() quarantines ${table} dated outside the window as implausible_time`, async () => {
    const times = ["2025-06-01T00:00:00Z", "9999-12-31T00:00:00Z", "1970-01-01T00:00:00Z"];
    const [out] = await run([batch(table, times.map((t, i) => raw(table, i + 2, ROWS[table](t))))]);
    assert.equal(out.records.length, 1);
    assert.equal(out.records[0].eventTime, Date.UTC(2025, 5, 1));
    assert.deepEqual(
      out.quarantine.map((q) => [q.position, q.reason, q.eventTime]),
      [[`${table}:line 3`, "implausible_time", null], [
        `${table}:line 4`,
        "implausible_time",
        null,
      ]],
    );
  });
}

Deno.test("validate() without a window accepts any parsable time (the window is opt-in)", async () => {
  const [out] = await run(
    [batch("transactions", [raw("transactions", 2, ROWS.transactions("9999-12-31"))])],
    validate(),
  );
  assert.equal(out.records.length, 1);
});

Deno.test("validate() lets an implausible transaction not claim its id", async () => {
  const late = { ...ROWS.transactions("9999-12-31"), transaction_id: "t1" };
  const good = { ...ROWS.transactions("2025-06-01"), transaction_id: "t1" };
  const [out] = await run([
    batch("transactions", [raw("transactions", 2, late), raw("transactions", 3, good)]),
  ]);
  assert.deepEqual(out.records.map((r) => r.eventTime), [Date.UTC(2025, 5, 1)]);
  assert.deepEqual(out.quarantine.map((q) => q.reason), ["implausible_time"]);
});

Deno.test("validate() drops the partition time of a rejected row dated outside the window", async () => {
  const bad = { ...ROWS.activity("9999-12-31"), event_type: "zoom" };
  const [out] = await run([batch("activity", [raw("activity", 2, bad)])]);
  assert.deepEqual(out.quarantine.map((q) => [q.reason, q.eventTime]), [["unknown_type", null]]);
});

Deno.test("validate() reads a window function once per batch, so a live window can move", async () => {
  let max = Date.UTC(2025, 0, 1);
  let calls = 0;
  const op = validate(undefined, {
    plausibleTime: () => {
      calls++;
      return { min: 0, max };
    },
  });
  const row = () => raw("activity", 2, ROWS.activity("2025-06-01"));
  const source = from([batch("activity", [row(), row()]), batch("activity", [row()])]);
  const out: AnyBatch[] = [];
  await new Promise<void>((resolve) =>
    source.pipe(op).subscribe({
      next: (b) => {
        out.push(b);
        max = Date.UTC(2026, 0, 1);
      },
      complete: resolve,
    })
  );
  assert.equal(calls, 2);
  assert.deepEqual(out.map((b) => [b.records.length, b.quarantine.length]), [[0, 2], [1, 0]]);
});

Deno.test("validate() measures --max-future from a record's arrival, so a later read judges it the same", async () => {
  // A Kafka message dated 80 s after it arrived, with a minute allowed: implausible, on the first
  // read (the clock a second later) and on a read an hour later alike; one without an arrival
  // time is judged against the window's max, as files are.
  const arrived = Date.UTC(2026, 0, 15, 12);
  const message = (line: number): RawRecord => ({
    ...raw("reviews", line, ROWS.reviews(new Date(arrived + 80_000).toISOString())),
    arrivedAt: arrived,
  });
  const outcomes: [number, number][] = [];
  for (const readAt of [arrived + 1_000, arrived + 3_600_000]) {
    const op = validate(undefined, { plausibleTime: plausibleTimeAt(readAt, 60_000) });
    const [out] = await run([batch("reviews", [message(2)])], op);
    outcomes.push([out.records.length, out.quarantine.length]);
  }
  assert.deepEqual(outcomes, [[0, 1], [0, 1]]);
  const later = validate(undefined, {
    plausibleTime: plausibleTimeAt(arrived + 3_600_000, 60_000),
  });
  const { arrivedAt: _, ...file } = message(3);
  const [out] = await run([batch("reviews", [file])], later);
  assert.equal(out.records.length, 1);
});

Deno.test("validate() quarantines a far-future record whose message timestamp is far-future too", async () => {
  // A producer sets a Kafka message's timestamp: one stamped 9999-12-31 carried a record dated
  // 9999-12-30 in as valid (the last complete month became 9999-11, the watermark quarantined
  // every later record as late). The reader's own bound holds as well.
  const now = Date.UTC(2026, 11, 4);
  const stamped = (line: number, at: string): RawRecord => ({
    ...raw("reviews", line, ROWS.reviews(at)),
    arrivedAt: Date.UTC(9999, 11, 31),
  });
  const op = validate(undefined, { plausibleTime: plausibleTimeAt(now) });
  const [out] = await run([
    batch("reviews", [stamped(2, "9999-12-30T00:00:00Z"), stamped(3, "2026-12-04T10:00:00Z")]),
  ], op);
  assert.deepEqual(out.quarantine.map((q) => q.reason), ["implausible_time"]);
  assert.equal(out.records.length, 1);
});
