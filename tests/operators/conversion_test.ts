import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { conversion } from "../../operators/conversion.ts";
import { watermark } from "../../operators/watermark.ts";
import { activity, activityBatch, at, marbles } from "./window_fixtures.ts";

Deno.test("conversion() counts sessions and those with a purchase in the same minute, skipping quiet minutes", async () => {
  const batch = activityBatch([
    activity(at(0, 1), { userSession: "s1" }),
    activity(at(0, 2), { userSession: "s1", eventType: "purchase" }),
    activity(at(0, 3), { userSession: "s1", eventType: "purchase" }),
    activity(at(0, 4), { userSession: "s2", eventType: "cart" }),
    activity(at(0, 5), { userSession: "s3" }),
    activity(at(1, 0), { userSession: "s2", eventType: "purchase" }),
    activity(at(3, 0), { userSession: "s4" }),
  ]);
  const rows = (await lastValueFrom(from([batch]).pipe(conversion(), toArray()))).flat();
  assert.deepEqual(rows, [
    {
      minute: Date.parse("2019-10-01T00:00:00.000Z"),
      sessions: 3,
      converted_sessions: 1,
      rate: 0.333333,
    },
    { minute: Date.parse("2019-10-01T00:01:00.000Z"), sessions: 1, converted_sessions: 1, rate: 1 },
    { minute: Date.parse("2019-10-01T00:03:00.000Z"), sessions: 1, converted_sessions: 0, rate: 0 },
  ]);
});

Deno.test("conversion() rounds the rate to six decimals", async () => {
  const records = [activity(at(0), { userSession: "p", eventType: "purchase" })];
  for (let i = 0; i < 6; i++) records.push(activity(at(0, i + 1), { userSession: `s${i}` }));
  const [[row]] = await lastValueFrom(from([activityBatch(records)]).pipe(conversion(), toArray()));
  assert.equal(row.rate, 0.142857); // 1 / 7
});

Deno.test("conversion() with emitOpen also emits the open minutes a batch touched as partial rows", () => {
  const a = activityBatch([activity(at(0, 1), { userSession: "s1" })]);
  const b = activityBatch([activity(at(0, 2), { userSession: "s1", eventType: "purchase" })]);
  const m0 = Date.parse("2019-10-01T00:00:00.000Z");
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(watermark(), conversion({ emitOpen: true }));
    expectObservable(out$).toBe("a-b(c|)", {
      a: [{ minute: m0, sessions: 1, converted_sessions: 0, rate: 0, partial: true }],
      b: [{ minute: m0, sessions: 1, converted_sessions: 1, rate: 1, partial: true }],
      c: [{ minute: m0, sessions: 1, converted_sessions: 1, rate: 1 }],
    });
  });
});
