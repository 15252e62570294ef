import assert from "node:assert/strict";
import {
  appendMinute,
  copyTable,
  emptyTable,
  type MinuteTable,
  sumTables,
  tableMinutes,
} from "../../../operators/partials/minute_table.ts";

const T0 = Date.UTC(2025, 0, 1);
const at = (minute: number) => T0 + minute * 60_000;

/** A table of `[minute, users, sessions, converted, view, cart, remove, purchase]` rows. */
function table(rows: number[][]): MinuteTable {
  const out = emptyTable();
  for (const [m, users, sessions, converted, ...counts] of rows) {
    appendMinute(out, { minute: at(m), users, sessions, converted, counts });
  }
  return out;
}

Deno.test("appendMinute() keeps one array per figure, minutes ascending", () => {
  assert.deepEqual(table([[0, 2, 3, 1, 4, 1, 0, 1], [7, 1, 1, 0, 1, 0, 0, 0]]), {
    minutes: [at(0), at(7)],
    users: [2, 1],
    sessions: [3, 1],
    converted: [1, 0],
    counts: [[4, 1], [1, 0], [0, 0], [1, 0]],
  });
});

Deno.test("appendMinute() rejects a minute not after the last and a time inside a minute", () => {
  const t = table([[5, 1, 1, 0, 1, 0, 0, 0]]);
  const m = { users: 1, sessions: 1, converted: 0, counts: [1, 0, 0, 0] };
  assert.throws(() => appendMinute(t, { ...m, minute: at(5) }), /is not a minute start after/);
  assert.throws(() => appendMinute(t, { ...m, minute: at(4) }), /is not a minute start after/);
  assert.throws(() => appendMinute(t, { ...m, minute: at(6) + 1 }), /is not a minute start/);
  assert.equal(t.minutes.length, 1);
});

Deno.test("copyTable() shares no array: appending to the copy leaves the original", () => {
  const original = table([[1, 1, 1, 0, 1, 0, 0, 0]]);
  const before = JSON.stringify(original);
  appendMinute(copyTable(original), {
    minute: at(2),
    users: 1,
    sessions: 1,
    converted: 0,
    counts: [0, 1, 0, 0],
  });
  assert.equal(JSON.stringify(original), before);
});

Deno.test("sumTables() adds the figures of shared minutes and keeps the others, in any order", () => {
  const a = table([[0, 2, 2, 1, 3, 0, 0, 1], [5, 1, 1, 0, 1, 0, 0, 0]]);
  const b = table([[2, 1, 1, 0, 0, 1, 0, 0], [5, 3, 4, 2, 6, 1, 1, 2]]);
  const c = table([[9, 1, 1, 0, 1, 0, 0, 0]]);
  const want = table([
    [0, 2, 2, 1, 3, 0, 0, 1],
    [2, 1, 1, 0, 0, 1, 0, 0],
    [5, 4, 5, 2, 7, 1, 1, 2],
    [9, 1, 1, 0, 1, 0, 0, 0],
  ]);
  for (const order of [[a, b, c], [c, b, a], [b, a, c]]) assert.deepEqual(sumTables(order), want);
  assert.deepEqual(sumTables([]), emptyTable());
});

Deno.test("tableMinutes() gives minuteActivity()'s minutes, counts as an array", () => {
  const [minute] = tableMinutes(table([[3, 2, 3, 1, 4, 1, 0, 1]]));
  assert.deepEqual(minute, {
    minute: at(3),
    users: 2,
    sessions: 3,
    converted: 1,
    counts: [4, 1, 0, 1],
  });
});
