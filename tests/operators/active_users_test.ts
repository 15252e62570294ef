import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { activeUsers, slidingActiveUsers } from "../../operators/active_users.ts";
import { watermark } from "../../operators/watermark.ts";
import type { AnyBatch } from "../../operators/types.ts";
import { activity, activityBatch, at, marbles, transaction } from "./window_fixtures.ts";

Deno.test("activeUsers() counts distinct users per minute, with no row for a quiet minute", async () => {
  const batches: AnyBatch[] = [
    activityBatch([
      activity(at(0, 1), { userId: "a" }),
      activity(at(0, 30), { userId: "b", eventType: "cart" }),
      activity(at(0, 59), { userId: "a", eventType: "purchase" }),
      activity(at(3, 0), { userId: "a" }),
    ]),
    { table: "transactions", records: [transaction(at(1), "t1")], quarantine: [] },
  ];
  const rows = (await lastValueFrom(from(batches).pipe(activeUsers(), toArray()))).flat();
  assert.deepEqual(rows, [
    { minute: Date.parse("2019-10-01T00:00:00.000Z"), active_users: 2 },
    { minute: Date.parse("2019-10-01T00:03:00.000Z"), active_users: 1 },
  ]);
});

Deno.test("activeUsers() emits a minute once the activity watermark passes its end", () => {
  const a = activityBatch([activity(at(0, 10), { userId: "a" })]);
  const b = activityBatch([activity(at(2, 0), { userId: "b" })]); // watermark 00:01:00
  const c = activityBatch([activity(at(2, 59), { userId: "c" })]); // watermark 00:01:59
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(watermark({ lateness: 60_000 }), activeUsers());
    expectObservable(out$).toBe("--b--(c|)", {
      b: [{ minute: Date.parse("2019-10-01T00:00:00.000Z"), active_users: 1 }],
      c: [{ minute: Date.parse("2019-10-01T00:02:00.000Z"), active_users: 2 }], // 00:01 had no event
    });
  });
});

Deno.test("activeUsers() gives a year with one event a day 365 rows, not one per minute", async () => {
  const records = Array.from(
    { length: 365 },
    (_, d) => activity(at(d * 1440 + 7), { userId: "a" }),
  );
  const rows = (await lastValueFrom(
    from([activityBatch(records)]).pipe(watermark(), activeUsers(), toArray()),
  )).flat();
  assert.equal(rows.length, 365); // not 525,000 minutes of zeros
  assert.deepEqual(rows[1], { minute: Date.parse("2019-10-02T00:07:00.000Z"), active_users: 1 });
});

Deno.test("slidingActiveUsers() counts distinct users over the window ending at each minute", async () => {
  const batches = [activityBatch([
    activity(at(0, 5), { userId: "a" }),
    activity(at(1, 5), { userId: "b" }),
    activity(at(1, 6), { userId: "a" }),
  ])];
  const rows = (await lastValueFrom(
    from(batches).pipe(slidingActiveUsers({ size: 180_000 }), toArray()),
  )).flat();
  assert.deepEqual(rows, [
    { window_end: Date.parse("2019-10-01T00:01:00.000Z"), active_users: 1 },
    { window_end: Date.parse("2019-10-01T00:02:00.000Z"), active_users: 2 },
    { window_end: Date.parse("2019-10-01T00:03:00.000Z"), active_users: 2 },
    { window_end: Date.parse("2019-10-01T00:04:00.000Z"), active_users: 2 },
  ]);
});

Deno.test("activeUsers() with emitOpen also emits the open minutes a batch touched as partial rows", () => {
  const a = activityBatch([activity(at(0, 10), { userId: "a" })]);
  const b = activityBatch([activity(at(2, 0), { userId: "b" })]); // watermark 00:01:00
  const c = activityBatch([activity(at(2, 59), { userId: "c" })]); // watermark 00:01:59
  const m = (n: number) => at(n);
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(
      watermark({ lateness: 60_000 }),
      activeUsers({ emitOpen: true }),
    );
    expectObservable(out$).toBe("a-b-c(d|)", {
      a: [{ minute: m(0), active_users: 1, partial: true }],
      b: [{ minute: m(0), active_users: 1 }, { minute: m(2), active_users: 1, partial: true }],
      c: [{ minute: m(2), active_users: 2, partial: true }],
      d: [{ minute: m(2), active_users: 2 }],
    });
  });
});
