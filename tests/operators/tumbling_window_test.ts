import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { tumblingWindow } from "../../operators/tumbling_window.ts";
import type { WindowResult } from "../../operators/sliding_window.ts";
import { watermark } from "../../operators/watermark.ts";
import type { ActivityEvent, AnyBatch } from "../../operators/types.ts";
import { activity, activityBatch, marbles, prng, split, transaction } from "./window_fixtures.ts";

/** Event times per window, in arrival order: shows exactly which records each window holds. */
const times = {
  table: "activity" as const,
  create: (): number[] => [],
  add: (acc: number[], r: ActivityEvent) => void acc.push(r.eventTime),
  result: (acc: number[]) => acc,
};

/** Distinct users and event count per window: independent of arrival order. */
const usersAndCount = {
  table: "activity" as const,
  create: () => ({ users: new Set<string>(), n: 0 }),
  add: (acc: { users: Set<string>; n: number }, r: ActivityEvent) => {
    acc.users.add(r.userId);
    acc.n++;
  },
  result: (acc: { users: Set<string>; n: number }) => [acc.users.size, acc.n],
};

function win<R>(start: number, size: number, value: R, key: string | null = null): WindowResult<R> {
  return { start, end: start + size, key, value };
}

async function collect<R>(
  batches: AnyBatch[],
  op: (b: AnyBatch[]) => Promise<WindowResult<R>[][]>,
): Promise<WindowResult<R>[]> {
  return (await op(batches)).flat();
}

Deno.test("tumblingWindow() closes a window exactly when the watermark reaches its end", () => {
  const a = activityBatch([activity(1), activity(3)]); // watermark -2
  const b = activityBatch([activity(14)]); // watermark 9: [0, 10) stays open
  const c = activityBatch([activity(15)]); // watermark 10: [0, 10) closes
  const d = activityBatch([activity(31)]); // watermark 26: [10, 20) closes, [20, 30) never opened
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c-d|", { a, b, c, d }).pipe(
      watermark({ lateness: 5 }),
      tumblingWindow({ ...times, size: 10 }),
    );
    expectObservable(out$).toBe("----c-d(e|)", {
      c: [win(0, 10, [1, 3])],
      d: [win(10, 10, [14, 15])],
      e: [win(30, 10, [31])],
    });
  });
});

Deno.test("tumblingWindow() flushes every open window in start order when the input completes", () => {
  const a = activityBatch([activity(25), activity(3), activity(12), activity(7)]);
  marbles().run(({ cold, expectObservable }) => {
    // No watermark upstream: nothing closes before completion.
    const out$ = cold("a-a|", { a }).pipe(tumblingWindow({ ...times, size: 10 }));
    expectObservable(out$).toBe("---(e|)", {
      e: [win(0, 10, [3, 7, 3, 7]), win(10, 10, [12, 12]), win(20, 10, [25, 25])],
    });
  });
});

Deno.test("tumblingWindow() emits empty windows between the first and last window seen with emitEmpty", () => {
  const a = activityBatch([activity(1)], 35); // closes [0, 10) and, with no later record yet, no gap
  const b = activityBatch([activity(45)], 40); // now [10, 40) are gaps before a seen window
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(
      tumblingWindow({ ...times, size: 10, emitEmpty: true }),
    );
    expectObservable(out$).toBe("a-b(c|)", {
      a: [win(0, 10, [1])],
      b: [win(10, 10, []), win(20, 10, []), win(30, 10, [])],
      c: [win(40, 10, [45])],
    });
  });
});

Deno.test("tumblingWindow() without emitEmpty never visits the empty windows between records", async () => {
  // 1 ms windows 10^12 ms apart: walking the empty windows between them would never end.
  const gap = 1e12;
  const out = await lastValueFrom(
    from([
      activityBatch([activity(0)], 5),
      activityBatch([activity(gap)], gap + 5),
      activityBatch([activity(2 * gap)]),
    ]).pipe(tumblingWindow({ ...times, size: 1 }), toArray()),
  );
  assert.deepEqual(out, [[win(0, 1, [0])], [win(gap, 1, [gap])], [win(2 * gap, 1, [2 * gap])]]);
});

Deno.test("tumblingWindow() ignores batches of other tables and their watermarks", () => {
  const a = activityBatch([activity(1)]);
  const t = {
    table: "transactions",
    records: [transaction(5, "t1")],
    quarantine: [],
    watermark: 99,
  };
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-t|", { a, t: t as AnyBatch }).pipe(tumblingWindow({ ...times, size: 10 }));
    expectObservable(out$).toBe("---(e|)", { e: [win(0, 10, [1])] });
  });
});

Deno.test("tumblingWindow() with a key emits one result per key, ordered by key", async () => {
  const records = [
    activity(2, { eventType: "view" }),
    activity(4, { eventType: "cart" }),
    activity(5, { eventType: "view" }),
    activity(12, { eventType: "purchase" }),
  ];
  const out = await lastValueFrom(
    from([activityBatch(records)]).pipe(
      tumblingWindow({ ...times, size: 10, key: (r) => r.eventType }),
      toArray(),
    ),
  );
  assert.deepEqual(out, [[
    win(0, 10, [4], "cart"),
    win(0, 10, [2, 5], "view"),
    win(10, 10, [12], "purchase"),
  ]]);
  assert.throws(
    () => tumblingWindow({ ...times, size: 10, key: (r) => r.eventType, emitEmpty: true }),
    TypeError,
  );
});

/** A stream of activity over an hour, in event-time order but jittered by up to `jitter` ms. */
function jitteredHour(seed: number, jitter: number): ActivityEvent[] {
  const random = prng(seed);
  const records: ActivityEvent[] = [];
  for (let i = 0; i < 3_000; i++) {
    const t = i * 1_200; // one event every 1.2 s
    records.push(
      activity(t + Math.floor(random() * jitter), { userId: `u${Math.floor(random() * 40)}` }),
    );
  }
  return records;
}

async function minuteWindows(batches: AnyBatch[], lateness: number) {
  return await collect(batches, (b) =>
    lastValueFrom(
      from(b).pipe(
        watermark({ lateness }),
        tumblingWindow({ ...usersAndCount, size: 60_000, emitEmpty: true }),
        toArray(),
      ),
    ));
}

Deno.test("tumblingWindow() gives the same windows however the records are split into batches", async () => {
  const records = jitteredHour(1, 90_000); // jitter beyond the lateness: some records are late
  const whole = await minuteWindows([activityBatch(records)], 60_000);
  assert.ok(whole.length >= 60);
  for (const maxSize of [1, 13, 400]) {
    const batches = split(records, prng(maxSize), maxSize).map((rs) => activityBatch(rs));
    assert.deepEqual(await minuteWindows(batches, 60_000), whole);
  }
});

Deno.test("tumblingWindow() gives the same windows when records are shuffled within the lateness", async () => {
  const ordered = jitteredHour(2, 0);
  // Arrival order = event time + up to 30 s of noise: never more than 30 s behind the largest
  // event time seen, well within one minute of lateness.
  const random = prng(3);
  const arrival = new Map(ordered.map((r) => [r, r.eventTime + random() * 30_000]));
  const shuffled = ordered.toSorted((x, y) => arrival.get(x)! - arrival.get(y)!);
  assert.notDeepEqual(shuffled.map((r) => r.eventTime), ordered.map((r) => r.eventTime));
  const a = await minuteWindows(
    split(ordered, prng(4), 100).map((rs) => activityBatch(rs)),
    60_000,
  );
  const b = await minuteWindows(
    split(shuffled, prng(5), 100).map((rs) => activityBatch(rs)),
    60_000,
  );
  assert.deepEqual(b, a);
});

Deno.test("tumblingWindow() leaves records that watermark() quarantined as late out of every window", async () => {
  const batches = [activityBatch([activity(1), activity(25)]), activityBatch([activity(4)])];
  const stamped = await lastValueFrom(from(batches).pipe(watermark({ lateness: 5 }), toArray()));
  assert.deepEqual(stamped[1].quarantine.map((q) => [q.reason, q.eventTime]), [["late", 4]]);
  const out = await lastValueFrom(
    from(stamped).pipe(tumblingWindow({ ...times, size: 10 }), toArray()),
  );
  assert.deepEqual(out.flat(), [win(0, 10, [1]), win(20, 10, [25])]);
});

Deno.test("tumblingWindow() hands a record whose window already closed to onLate", async () => {
  const late: number[] = [];
  const out = await lastValueFrom(
    from([activityBatch([activity(1)], 10), activityBatch([activity(9), activity(10)])]).pipe(
      tumblingWindow({ ...times, size: 10, onLate: (r) => void late.push(r.eventTime) }),
      toArray(),
    ),
  );
  assert.deepEqual(late, [9]);
  assert.deepEqual(out.flat(), [win(0, 10, [1]), win(10, 10, [10])]);
});

Deno.test("tumblingWindow() sends an error thrown by an accumulator function to the subscriber", async () => {
  const failing = tumblingWindow({
    ...times,
    size: 10,
    add: () => {
      throw new Error("boom");
    },
  });
  await assert.rejects(lastValueFrom(from([activityBatch([activity(1)])]).pipe(failing)), /boom/);
});

Deno.test("tumblingWindow() rejects a size that is not a positive finite number", () => {
  for (const size of [0, -10, NaN, Infinity]) {
    assert.throws(() => tumblingWindow({ ...times, size }), RangeError);
  }
});

/** Like `times`, but each result is a copy: a partial result must not change afterwards. */
const copiedTimes = { ...times, result: (acc: number[]) => acc.slice() };

function open<R>(start: number, size: number, value: R, key: string | null = null) {
  return { ...win(start, size, value, key), partial: true as const };
}

Deno.test("tumblingWindow() with emitOpen also emits the open windows a batch touched, marked partial, after the closed ones", () => {
  const a = activityBatch([activity(1), activity(3)]); // watermark -2
  const b = activityBatch([activity(14)]); // watermark 9: [0, 10) open but not touched
  const c = activityBatch([activity(15)]); // watermark 10: [0, 10) closes, [10, 20) touched
  const d = activityBatch([], 40); // heartbeat: [10, 20) closes, nothing touched
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c-d|", { a, b, c, d }).pipe(
      watermark({ lateness: 5 }),
      tumblingWindow({ ...copiedTimes, size: 10, emitOpen: true }),
    );
    expectObservable(out$).toBe("a-b-c-d|", {
      a: [open(0, 10, [1, 3])],
      b: [open(10, 10, [14])],
      c: [win(0, 10, [1, 3]), open(10, 10, [14, 15])],
      d: [win(10, 10, [14, 15])],
    });
  });
});

Deno.test("tumblingWindow() with emitOpen and a key emits every key of a touched window, by key", () => {
  const a = activityBatch([activity(2, { eventType: "view" }), activity(4, { eventType: "cart" })]);
  const b = activityBatch([activity(5, { eventType: "view" })]);
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b|", { a, b }).pipe(
      tumblingWindow({ ...copiedTimes, size: 10, key: (r) => r.eventType, emitOpen: true }),
    );
    expectObservable(out$).toBe("a-b(c|)", {
      a: [open(0, 10, [4], "cart"), open(0, 10, [2], "view")],
      b: [open(0, 10, [4], "cart"), open(0, 10, [2, 5], "view")],
      c: [win(0, 10, [4], "cart"), win(0, 10, [2, 5], "view")],
    });
  });
});

Deno.test("tumblingWindow() with emitOpen closes the same windows as without it, each partial a prefix of the final", async () => {
  const records = jitteredHour(6, 90_000);
  const batches = split(records, prng(7), 50).map((rs) => activityBatch(rs));
  const run = (emitOpen: boolean) =>
    lastValueFrom(
      from(batches).pipe(
        watermark({ lateness: 60_000 }),
        tumblingWindow({ ...copiedTimes, size: 60_000, emitOpen }),
        toArray(),
      ),
    );
  const plain = (await run(false)).flat();
  const withOpen = (await run(true)).flat();
  const closed = withOpen.filter((w) => !w.partial);
  assert.deepEqual(closed, plain);
  const finals = new Map(plain.map((w) => [w.start, w.value]));
  const partials = withOpen.filter((w) => w.partial);
  assert.ok(partials.length > plain.length, `${partials.length} partial results`);
  for (const w of partials) {
    const final = finals.get(w.start)!;
    assert.deepEqual(final.slice(0, w.value.length), w.value, `window ${w.start}`);
  }
  // Each partial comes before its window closes: never after.
  const closedAt = new Map<number, number>();
  withOpen.forEach((w, i) => void (w.partial || closedAt.set(w.start, i)));
  withOpen.forEach((w, i) => {
    if (w.partial) assert.ok(i < closedAt.get(w.start)!, `partial of ${w.start} after close`);
  });
});
