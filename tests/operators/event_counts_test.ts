import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { EVENT_TYPES, eventCounts } from "../../operators/event_counts.ts";
import { watermark } from "../../operators/watermark.ts";
import { activity, activityBatch, at, marbles } from "./window_fixtures.ts";

Deno.test("eventCounts() emits all four event types every minute in fixed order, zeros included", async () => {
  const batch = activityBatch([
    activity(at(0, 1), { eventType: "purchase" }),
    activity(at(0, 2), { eventType: "view" }),
    activity(at(0, 3), { eventType: "view" }),
    activity(at(2, 0), { eventType: "remove_from_cart" }),
  ]);
  const rows = (await lastValueFrom(from([batch]).pipe(eventCounts(), toArray()))).flat();
  const m = (n: number) => `2019-10-01T00:0${n}:00.000Z`;
  assert.deepEqual(rows, [
    { minute: m(0), event_type: "view", count: 2 },
    { minute: m(0), event_type: "cart", count: 0 },
    { minute: m(0), event_type: "remove_from_cart", count: 0 },
    { minute: m(0), event_type: "purchase", count: 1 },
    { minute: m(1), event_type: "view", count: 0 },
    { minute: m(1), event_type: "cart", count: 0 },
    { minute: m(1), event_type: "remove_from_cart", count: 0 },
    { minute: m(1), event_type: "purchase", count: 0 },
    { minute: m(2), event_type: "view", count: 0 },
    { minute: m(2), event_type: "cart", count: 0 },
    { minute: m(2), event_type: "remove_from_cart", count: 1 },
    { minute: m(2), event_type: "purchase", count: 0 },
  ]);
  assert.deepEqual(EVENT_TYPES, ["view", "cart", "remove_from_cart", "purchase"]);
});

Deno.test("eventCounts() closes a minute by the watermark and leaves late events out", () => {
  const a = activityBatch([activity(at(0, 30), { eventType: "cart" })]);
  const b = activityBatch([activity(at(6, 1))]); // watermark 00:01:01 closes minute 0
  const c = activityBatch([activity(at(0, 59), { eventType: "cart" })]); // late: quarantined
  const row = (minute: number, counts: number[]) =>
    EVENT_TYPES.map((event_type, k) => ({
      minute: new Date(at(minute)).toISOString(),
      event_type,
      count: counts[k],
    }));
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(watermark(), eventCounts());
    expectObservable(out$).toBe("--b--(c|)", {
      b: row(0, [0, 1, 0, 0]),
      c: [1, 2, 3, 4, 5].flatMap((m) => row(m, [0, 0, 0, 0])).concat(row(6, [1, 0, 0, 0])),
    });
  });
});
