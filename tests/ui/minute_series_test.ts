import assert from "node:assert/strict";
import { LIVE_MINUTES, MAX_MINUTES, MinuteSeries } from "../../ui/src/minute_series.ts";

const minute = (i: number) => new Date(Date.UTC(2019, 9, 1) + i * 60_000).toISOString();

Deno.test("MinuteSeries.upsert() merges fields of the same minute into one slot; absent types count 0", () => {
  const m = new MinuteSeries();
  m.upsert({ minute: minute(0), active_users: 5 });
  m.upsert({ minute: minute(0), rate: 0.25, event_counts: { view: 10, purchase: 1 } });
  assert.deepEqual(m.xs, [Date.UTC(2019, 9, 1) / 1000]);
  assert.deepEqual(m.activeUsers, [5]);
  assert.deepEqual(m.conversion, [25]);
  assert.deepEqual(m.counts.map((c) => c[0] ?? null), [10, 0, 0, 1]);
});

Deno.test("MinuteSeries.upsert() keeps columns sorted when a minute arrives late", () => {
  const m = new MinuteSeries();
  m.upsert({ minute: minute(0), active_users: 1 });
  m.upsert({ minute: minute(2), active_users: 3 });
  m.upsert({ minute: minute(1), active_users: 2 });
  assert.deepEqual(m.activeUsers, [1, 2, 3]);
  assert.deepEqual(m.conversion, [null, null, null]);
  assert.equal(m.latest(m.activeUsers), 3);
});

Deno.test("MinuteSeries keeps at most a day of minutes, dropping the oldest", () => {
  const m = new MinuteSeries();
  for (let i = 0; i < MAX_MINUTES + 200; i++) m.upsert({ minute: minute(i), active_users: i });
  assert.ok(m.xs.length <= MAX_MINUTES + 60, `kept ${m.xs.length}`);
  assert.ok(m.xs.at(-1)! - m.xs[0] <= (MAX_MINUTES + 60) * 60);
  assert.equal(m.activeUsers.at(-1), MAX_MINUTES + 199);
  assert.equal(m.activeUsers.length, m.xs.length);
  for (const column of m.counts) assert.equal(column.length, m.xs.length);
  m.upsert({ minute: minute(0), active_users: -1 });
  assert.notEqual(m.activeUsers[0], -1, "a minute older than the day kept is ignored");
  assert.equal(m.activeUsers.length, m.xs.length);
});

Deno.test("MinuteSeries marks a minute partial until its closed values arrive", () => {
  const m = new MinuteSeries();
  const x = (i: number) => Date.UTC(2019, 9, 1) / 1000 + i * 60;
  m.upsert({ minute: minute(0), active_users: 7 });
  m.upsert({ minute: minute(1), active_users: 2, partial: true });
  m.upsert({ minute: minute(2), active_users: 1, partial: true });
  assert.equal(m.firstPartial(), x(1));
  m.upsert({ minute: minute(1), active_users: 9, partial: true });
  assert.deepEqual(m.activeUsers, [7, 9, 1], "a later partial value replaces the earlier one");
  m.upsert({ minute: minute(1), active_users: 11 });
  assert.deepEqual([...m.partial], [x(2)]);
  assert.equal(m.firstPartial(), x(2));
  assert.deepEqual(m.activeUsers, [7, 11, 1]);
});

Deno.test("MinuteSeries cleared for a live pipeline keeps two hours, not a day", () => {
  const m = new MinuteSeries();
  m.clear(true);
  assert.equal(m.span, LIVE_MINUTES);
  for (let i = 0; i < 5 * 60; i++) m.upsert({ minute: minute(i), active_users: i });
  assert.ok(m.xs.length <= LIVE_MINUTES + 60, `kept ${m.xs.length}`);
  assert.equal(m.activeUsers.at(-1), 5 * 60 - 1);
  m.clear(false);
  assert.equal(m.span, MAX_MINUTES);
  assert.equal(m.live, false);
});
