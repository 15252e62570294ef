import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { slidingWindow, type WindowResult } from "../../operators/sliding_window.ts";
import { watermark } from "../../operators/watermark.ts";
import type { ActivityEvent, AnyBatch } from "../../operators/types.ts";
import { activity, activityBatch, marbles, prng, split } from "./window_fixtures.ts";

const times = {
  table: "activity" as const,
  create: (): number[] => [],
  add: (acc: number[], r: ActivityEvent) => void acc.push(r.eventTime),
  result: (acc: number[]) => acc,
};

function win<R>(start: number, size: number, value: R): WindowResult<R> {
  return { start, end: start + size, key: null, value };
}

Deno.test("slidingWindow() adds each record to size / slide windows", async () => {
  const out = await lastValueFrom(
    from([activityBatch([activity(25)])]).pipe(
      slidingWindow({ ...times, size: 30, slide: 10 }),
      toArray(),
    ),
  );
  assert.deepEqual(out, [[win(0, 30, [25]), win(10, 30, [25]), win(20, 30, [25])]]);
});

Deno.test("slidingWindow() closes each window when the watermark reaches its end", () => {
  const a = activityBatch([activity(12)]); // windows [-10, 20), [0, 30), [10, 40); watermark 7
  const b = activityBatch([activity(25)]); // watermark 20: [-10, 20) closes
  const c = activityBatch([activity(34)]); // watermark 29: nothing closes
  const d = activityBatch([activity(35)]); // watermark 30: [0, 30) closes
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c-d|", { a, b, c, d }).pipe(
      watermark({ lateness: 5 }),
      slidingWindow({ ...times, size: 30, slide: 10 }),
    );
    expectObservable(out$).toBe("--b---d(e|)", {
      b: [win(-10, 30, [12])],
      d: [win(0, 30, [12, 25])],
      e: [win(10, 30, [12, 25, 34, 35]), win(20, 30, [25, 34, 35]), win(30, 30, [34, 35])],
    });
  });
});

Deno.test("slidingWindow() emits windows without records between the first and last with emitEmpty", async () => {
  const out = await lastValueFrom(
    from([activityBatch([activity(5), activity(45)])]).pipe(
      slidingWindow({ ...times, size: 20, slide: 10, emitEmpty: true }),
      toArray(),
    ),
  );
  assert.deepEqual(out.flat(), [
    win(-10, 20, [5]),
    win(0, 20, [5]),
    win(10, 20, []),
    win(20, 20, []),
    win(30, 20, [45]),
    win(40, 20, [45]),
  ]);
});

Deno.test("slidingWindow() without emitEmpty never visits the empty windows between records", async () => {
  // 2 ms windows every 1 ms, 10^12 ms apart: walking the empty ones would never end.
  const gap = 1e12;
  const out = await lastValueFrom(
    from([activityBatch([activity(0)], 5), activityBatch([activity(gap)])]).pipe(
      slidingWindow({ ...times, size: 2, slide: 1 }),
      toArray(),
    ),
  );
  assert.deepEqual(out, [
    [win(-1, 2, [0]), win(0, 2, [0])],
    [win(gap - 1, 2, [gap]), win(gap, 2, [gap])],
  ]);
});

Deno.test("slidingWindow() gives the same windows however the records are split into batches", async () => {
  const random = prng(11);
  const records = Array.from(
    { length: 2_000 },
    (_, i) => activity(i * 100 + Math.floor(random() * 8_000)),
  );
  const run = async (batches: AnyBatch[]) =>
    (await lastValueFrom(
      from(batches).pipe(
        watermark({ lateness: 5_000 }),
        slidingWindow({ ...times, size: 10_000, slide: 2_000, result: (acc) => acc.length }),
        toArray(),
      ),
    )).flat();
  const whole = await run([activityBatch(records)]);
  for (const maxSize of [1, 25, 300]) {
    assert.deepEqual(
      await run(split(records, prng(maxSize), maxSize).map((rs) => activityBatch(rs))),
      whole,
    );
  }
});

Deno.test("slidingWindow() rejects a slide that does not divide the size, naming it", () => {
  assert.throws(
    () => slidingWindow({ ...times, size: 30, slide: 7 }),
    (e) => e instanceof RangeError && /7/.test(e.message),
  );
  assert.throws(() => slidingWindow({ ...times, size: 30, slide: 0 }), RangeError);
});

Deno.test("slidingWindow() with emitOpen emits every still-open window a record was added to, marked partial", () => {
  const partial = (start: number, value: number[]) => ({ ...win(start, 30, value), partial: true });
  const copy = { ...times, result: (acc: number[]) => acc.slice() };
  const a = activityBatch([activity(12)]); // windows [-10, 20), [0, 30), [10, 40); watermark 7
  const b = activityBatch([activity(25)]); // watermark 20: [-10, 20) closes; [0..30) touched
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(
      watermark({ lateness: 5 }),
      slidingWindow({ ...copy, size: 30, slide: 10, emitOpen: true }),
    );
    expectObservable(out$).toBe("a-b(c|)", {
      a: [partial(-10, [12]), partial(0, [12]), partial(10, [12])],
      b: [win(-10, 30, [12]), partial(0, [12, 25]), partial(10, [12, 25]), partial(20, [25])],
      c: [win(0, 30, [12, 25]), win(10, 30, [12, 25]), win(20, 30, [25])],
    });
  });
});
