import assert from "node:assert/strict";
import { from, lastValueFrom, type Observable, share, toArray } from "rxjs";
import { activeUsers } from "../../operators/active_users.ts";
import { conversion } from "../../operators/conversion.ts";
import { eventCounts } from "../../operators/event_counts.ts";
import {
  activeUsersRows,
  conversionRows,
  eventCountRows,
  minuteActivity,
} from "../../operators/minute_activity.ts";
import type { AnyBatch, EventType } from "../../operators/types.ts";
import { watermark } from "../../operators/watermark.ts";
import {
  activity,
  activityBatch,
  at,
  marbles,
  prng,
  split,
  transaction,
} from "./window_fixtures.ts";

const TYPES: EventType[] = ["view", "view", "cart", "remove_from_cart", "purchase"];

async function emissions<T>(stream: Observable<T>): Promise<T[]> {
  return await lastValueFrom(stream.pipe(toArray()));
}

Deno.test("minuteActivity() rows equal activeUsers(), conversion() and eventCounts(), batch by batch", async () => {
  const random = prng(7);
  const events = [];
  let time = at(0);
  for (let i = 0; i < 3_000; i++) {
    time += Math.floor(random() * 20_000);
    // Out of order within the lateness, some late beyond it, a few in the same minute.
    const jitter = random() < 0.05
      ? -Math.floor(random() * 900_000)
      : -Math.floor(random() * 90_000);
    events.push(activity(time + jitter, {
      eventType: TYPES[Math.floor(random() * TYPES.length)],
      userId: `u${Math.floor(random() * 40)}`,
      userSession: `s${Math.floor(random() * 60)}`,
    }));
  }
  const batches: AnyBatch[] = split(events, random, 300).map((records) => activityBatch(records));
  // Batches of other tables are ignored.
  const other: AnyBatch = {
    table: "transactions",
    records: [transaction(at(5), "t1")],
    quarantine: [],
  };
  batches.splice(3, 0, other);
  const stamped = () => from(batches).pipe(watermark({ lateness: 300_000 }));

  const minutes = stamped().pipe(minuteActivity(), share());
  const [users, sessions, counts] = await Promise.all([
    emissions(minutes.pipe(activeUsersRows())),
    emissions(minutes.pipe(conversionRows())),
    emissions(minutes.pipe(eventCountRows())),
  ]);
  const expectedUsers = await emissions(stamped().pipe(activeUsers()));
  assert.ok(expectedUsers.length > 10, "minutes close along the way");
  assert.deepEqual(users, expectedUsers);
  assert.deepEqual(sessions, await emissions(stamped().pipe(conversion())));
  assert.deepEqual(counts, await emissions(stamped().pipe(eventCounts())));
});

Deno.test("minuteActivity({ emitOpen }) rows equal the three operators' with emitOpen, batch by batch", async () => {
  const random = prng(11);
  const events = [];
  let time = at(0);
  for (let i = 0; i < 2_000; i++) {
    time += Math.floor(random() * 15_000);
    events.push(activity(time - Math.floor(random() * 60_000), {
      eventType: TYPES[Math.floor(random() * TYPES.length)],
      userId: `u${Math.floor(random() * 30)}`,
      userSession: `s${Math.floor(random() * 50)}`,
    }));
  }
  const batches = split(events, random, 100).map((records) => activityBatch(records));
  const stamped = () => from(batches).pipe(watermark({ lateness: 120_000 }));
  const minutes = stamped().pipe(minuteActivity({ emitOpen: true }), share());
  const [users, sessions, counts] = await Promise.all([
    emissions(minutes.pipe(activeUsersRows())),
    emissions(minutes.pipe(conversionRows())),
    emissions(minutes.pipe(eventCountRows())),
  ]);
  const expected = await emissions(stamped().pipe(activeUsers({ emitOpen: true })));
  assert.ok(expected.flat().some((row) => row.partial), "open minutes are emitted");
  assert.deepEqual(users, expected);
  assert.deepEqual(sessions, await emissions(stamped().pipe(conversion({ emitOpen: true }))));
  assert.deepEqual(counts, await emissions(stamped().pipe(eventCounts({ emitOpen: true }))));
});

Deno.test("minuteActivity({ emitOpen }) copies an open minute's counts, so later events do not change them", () => {
  const first = activityBatch([activity(at(0, 10), { userId: "u1", userSession: "s1" })]);
  const second = activityBatch([activity(at(0, 20), { userId: "u2", userSession: "s2" })]);
  const seen: (readonly number[])[] = [];
  from([first, second]).pipe(minuteActivity({ emitOpen: true }))
    .subscribe((minutes) => seen.push(minutes[0].counts));
  assert.deepEqual([...seen[0]], [1, 0, 0, 0]);
  assert.deepEqual([...seen[1]], [2, 0, 0, 0]);
});

Deno.test("minuteActivity() emits a minute when the watermark reaches its end, the rest at completion (marbles)", () => {
  const a = activityBatch([
    activity(at(0, 10), { userId: "u1", userSession: "s1" }),
    activity(at(0, 20), { userId: "u1", userSession: "s1", eventType: "purchase" }),
    activity(at(1, 5), { userId: "u2", userSession: "s2" }),
  ], at(1));
  const b = activityBatch([activity(at(0, 30), { userId: "u3", userSession: "s3" })], at(1, 30));
  const c = activityBatch([activity(at(2, 0), { userId: "u4", userSession: "s4" })], at(2, 1));
  const minute = (m: number) => at(m);
  marbles().run(({ cold, expectObservable }) => {
    const out$ = cold("a-b-c|", { a, b, c }).pipe(minuteActivity(), activeUsersRows());
    expectObservable(out$).toBe("a---c(d|)", {
      a: [{ minute: minute(0), active_users: 1 }],
      c: [{ minute: minute(1), active_users: 1 }],
      d: [{ minute: minute(2), active_users: 1 }],
    });
  });
});

Deno.test("minuteActivity() rows equal the three operators' when minutes hold many users and sessions", async () => {
  // Hundreds of events per minute over 40 users and 60 sessions: past the 16 values that
  // DistinctStrings compares one by one, and accumulators reused from closed minutes.
  const random = prng(23);
  const events = [];
  let time = at(0);
  for (let i = 0; i < 6_000; i++) {
    time += Math.floor(random() * 500);
    events.push(activity(time - Math.floor(random() * 30_000), {
      eventType: TYPES[Math.floor(random() * TYPES.length)],
      userId: `u${Math.floor(random() * 40)}`,
      userSession: `s${Math.floor(random() * 60)}`,
    }));
  }
  const batches = split(events, random, 400).map((records) => activityBatch(records));
  const stamped = () => from(batches).pipe(watermark({ lateness: 60_000 }));
  const minutes = stamped().pipe(minuteActivity(), share());
  const [users, sessions, counts] = await Promise.all([
    emissions(minutes.pipe(activeUsersRows())),
    emissions(minutes.pipe(conversionRows())),
    emissions(minutes.pipe(eventCountRows())),
  ]);
  assert.ok(users.flat().some((row) => row.active_users > 16), "minutes past the linear limit");
  assert.deepEqual(users, await emissions(stamped().pipe(activeUsers())));
  assert.deepEqual(sessions, await emissions(stamped().pipe(conversion())));
  assert.deepEqual(counts, await emissions(stamped().pipe(eventCounts())));
});
