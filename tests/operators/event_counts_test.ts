import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { eventCounts } from "../../operators/event_counts.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import type { EventType } from "../../operators/types.ts";
import { watermark } from "../../operators/watermark.ts";
import { activity, activityBatch, at, marbles } from "./window_fixtures.ts";

Deno.test("eventCounts() emits a row per minute and event type with events, in fixed type order", async () => {
  const batch = activityBatch([
    activity(at(0, 1), { eventType: "purchase" }),
    activity(at(0, 2), { eventType: "view" }),
    activity(at(0, 3), { eventType: "view" }),
    activity(at(2, 0), { eventType: "remove_from_cart" }),
    activity(at(2, 5), { eventType: "cart" }),
  ]);
  const rows = (await lastValueFrom(from([batch]).pipe(eventCounts(), toArray()))).flat();
  const m = (n: number) => at(n);
  // No row for a zero count, and none at all for the quiet minute 00:01.
  assert.deepEqual(rows, [
    { minute: m(0), event_type: "view", count: 2 },
    { minute: m(0), event_type: "purchase", count: 1 },
    { minute: m(2), event_type: "cart", count: 1 },
    { minute: m(2), event_type: "remove_from_cart", count: 1 },
  ]);
  assert.deepEqual(EVENT_TYPES, ["view", "cart", "remove_from_cart", "purchase"]);
});

Deno.test("eventCounts() closes a minute by the watermark and leaves late events out", () => {
  const a = activityBatch([activity(at(0, 30), { eventType: "cart" })]);
  const b = activityBatch([activity(at(6, 1))]); // watermark 00:01:01 closes minute 0
  const c = activityBatch([activity(at(0, 59), { eventType: "cart" })]); // late: quarantined
  const row = (minute: number, event_type: EventType, count: number) => ({
    minute: at(minute),
    event_type,
    count,
  });
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(watermark(), eventCounts());
    expectObservable(out$).toBe("--b--(c|)", {
      b: [row(0, "cart", 1)],
      c: [row(6, "view", 1)], // minutes 1 to 5 had no event
    });
  });
});

Deno.test("eventCounts() keeps each minute's rows in one array when a batch closes several", () => {
  const a = activityBatch([
    activity(at(0, 1), { eventType: "cart" }),
    activity(at(0, 2)),
    activity(at(3, 0), { eventType: "purchase" }),
  ]);
  const b = activityBatch([activity(at(9, 0))]); // watermark 00:04:00 closes minutes 0 and 3
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(watermark(), eventCounts());
    expectObservable(out$).toBe("--b(c|)", {
      b: [
        { minute: Date.parse("2019-10-01T00:00:00.000Z"), event_type: "view", count: 1 },
        { minute: Date.parse("2019-10-01T00:00:00.000Z"), event_type: "cart", count: 1 },
        { minute: Date.parse("2019-10-01T00:03:00.000Z"), event_type: "purchase", count: 1 },
      ],
      c: [{ minute: Date.parse("2019-10-01T00:09:00.000Z"), event_type: "view", count: 1 }],
    });
  });
});

Deno.test("eventCounts() with emitOpen also emits the open minutes a batch touched as partial rows", () => {
  const a = activityBatch([activity(at(0, 1)), activity(at(0, 2), { eventType: "cart" })]);
  const b = activityBatch([activity(at(6, 1))]); // watermark 00:01:01 closes minute 0
  const row = (minute: number, event_type: EventType, count: number, partial = false) => ({
    minute: at(minute),
    event_type,
    count,
    ...(partial ? { partial: true } : {}),
  });
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(watermark(), eventCounts({ emitOpen: true }));
    expectObservable(out$).toBe("a-b(c|)", {
      a: [row(0, "view", 1, true), row(0, "cart", 1, true)],
      b: [row(0, "view", 1), row(0, "cart", 1), row(6, "view", 1, true)],
      c: [row(6, "view", 1)],
    });
  });
});
