import assert from "node:assert/strict";
import {
  columnMinutes,
  type MinuteColumns,
  MinuteColumnsWriter,
  sumColumns,
} from "../../../operators/partials/minute_columns.ts";

const T0 = Date.UTC(2025, 0, 1);
const at = (minute: number) => T0 + minute * 60_000;

/** Columns of `[minute, users, sessions, converted, view, cart, remove, purchase]` rows. */
function columns(rows: number[][]): MinuteColumns {
  const writer = new MinuteColumnsWriter();
  for (const [m, u, s, c, ...counts] of rows) writer.add(at(m), u, s, c, counts);
  return writer.columns;
}

Deno.test("MinuteColumnsWriter writes minute gaps and one column per figure", () => {
  const c = columns([[0, 2, 3, 1, 4, 1, 0, 1], [7, 1, 1, 0, 1, 0, 0, 0]]);
  assert.deepEqual(c, {
    minutes: [T0 / 60_000, 7],
    users: [2, 1],
    sessions: [3, 1],
    converted: [1, 0],
    counts: [[4, 1], [1, 0], [0, 0], [1, 0]],
  });
});

Deno.test("MinuteColumnsWriter rejects a minute not after the last and a time inside a minute", () => {
  const writer = new MinuteColumnsWriter();
  writer.add(at(5), 1, 1, 0, [1, 0, 0, 0]);
  assert.throws(() => writer.add(at(5), 1, 1, 0, [1, 0, 0, 0]), /not a minute start after/);
  assert.throws(() => writer.add(at(6) + 1, 1, 1, 0, [1, 0, 0, 0]), /not a minute start after/);
});

Deno.test("MinuteColumnsWriter.clone() copies: appending to the clone leaves the original", () => {
  const writer = new MinuteColumnsWriter();
  writer.add(at(1), 1, 1, 0, [1, 0, 0, 0]);
  const before = JSON.stringify(writer.columns);
  const copy = writer.clone();
  copy.add(at(2), 1, 1, 0, [0, 1, 0, 0]);
  assert.equal(JSON.stringify(writer.columns), before);
  assert.deepEqual(copy.columns.minutes, [at(1) / 60_000, 1]);
});

Deno.test("sumColumns() adds the figures of shared minutes and keeps the others, in any order", () => {
  const a = columns([[0, 2, 2, 1, 3, 0, 0, 1], [5, 1, 1, 0, 1, 0, 0, 0]]);
  const b = columns([[2, 1, 1, 0, 0, 1, 0, 0], [5, 3, 4, 2, 6, 1, 1, 2]]);
  const c = columns([[9, 1, 1, 0, 1, 0, 0, 0]]);
  const want = columns([
    [0, 2, 2, 1, 3, 0, 0, 1],
    [2, 1, 1, 0, 0, 1, 0, 0],
    [5, 4, 5, 2, 7, 1, 1, 2],
    [9, 1, 1, 0, 1, 0, 0, 0],
  ]);
  for (const order of [[a, b, c], [c, b, a], [b, a, c]]) assert.deepEqual(sumColumns(order), want);
  assert.deepEqual(sumColumns([]), columns([]));
  assert.deepEqual(columnMinutes(want).map((m) => [m.minute, m.sessions]), [
    [at(0), 2],
    [at(2), 1],
    [at(5), 5],
    [at(9), 1],
  ]);
});

Deno.test("sumColumns() rejects columns of unequal length and a gap not above zero", () => {
  const good = columns([[0, 1, 1, 0, 1, 0, 0, 0], [1, 1, 1, 0, 1, 0, 0, 0]]);
  const short = { ...good, users: [1] };
  assert.throws(() => sumColumns([good, short]), /columns of one length, got lengths \[2,1,2/);
  const backwards = { ...good, minutes: [good.minutes[0], -1] };
  assert.throws(() => sumColumns([backwards]), /gap -1 at row 1 is not > 0/);
});
