import assert from "node:assert/strict";
import {
  decodeColumns,
  encodeColumns,
  type MinuteColumns,
} from "../../../operators/partials/minute_columns.ts";
import {
  appendMinute,
  emptyTable,
  type MinuteTable,
} from "../../../operators/partials/minute_table.ts";

const T0 = Date.UTC(2025, 0, 1);
const at = (minute: number) => T0 + minute * 60_000;

/** Six minutes: views every minute, one cart, one purchase, one minute with two sessions. */
function sample(): MinuteTable {
  const out = emptyTable();
  for (
    const [m, users, sessions, converted, ...counts] of [
      [0, 1, 1, 0, 2, 0, 0, 0],
      [1, 2, 2, 0, 3, 1, 0, 0],
      [3, 1, 2, 1, 1, 0, 0, 1],
      [4, 1, 1, 0, 1, 0, 0, 0],
      [9, 3, 3, 0, 5, 0, 0, 0],
      [10, 1, 1, 0, 1, 0, 0, 0],
    ]
  ) appendMinute(out, { minute: at(m), users, sessions, converted, counts });
  return out;
}

Deno.test("encodeColumns() writes minute gaps, dense busy columns and sparse mostly-zero ones", () => {
  assert.deepEqual(encodeColumns(sample()), {
    minutes: [T0 / 60_000, 1, 2, 1, 5, 1],
    users: [1, 2, 1, 1, 3, 1],
    extraSessions: { rows: [2], values: [1] },
    converted: { rows: [2], values: [1] },
    counts: [
      [2, 3, 1, 1, 5, 1],
      { rows: [1], values: [1] },
      { rows: [], values: [] },
      { rows: [2], values: [1] },
    ],
  });
});

Deno.test("decodeColumns() inverts encodeColumns(), through JSON too", () => {
  const table = sample();
  const json = JSON.parse(JSON.stringify(encodeColumns(table))) as MinuteColumns;
  assert.deepEqual(decodeColumns(json), table);
  assert.deepEqual(decodeColumns(encodeColumns(emptyTable())), emptyTable());
});

Deno.test("encodeColumns() shares no array with the table", () => {
  const table = sample();
  const columns = encodeColumns(table);
  const before = JSON.stringify(columns);
  appendMinute(table, {
    minute: at(20),
    users: 1,
    sessions: 1,
    converted: 0,
    counts: [1, 0, 0, 0],
  });
  assert.equal(JSON.stringify(columns), before);
});

Deno.test("decodeColumns() rejects malformed columns, naming what is wrong", () => {
  const good = encodeColumns(sample());
  assert.throws(
    () => decodeColumns({ ...good, users: [1, 2] }),
    /users has 2 values for 6 minutes/,
  );
  assert.throws(
    () => decodeColumns({ ...good, counts: good.counts.slice(1) }),
    /malformed snapshot/,
  );
  assert.throws(
    () => decodeColumns({ ...good, minutes: [T0 / 60_000, 1, 0, 1, 5, 1] }),
    /minute gap 0 at row 2 is not an integer > 0/,
  );
  assert.throws(
    () => decodeColumns({ ...good, converted: { rows: [2, 9], values: [1, 1] } }),
    /converted row 11 is outside 0..5/,
  );
  assert.throws(
    () => decodeColumns({ ...good, converted: { rows: [2], values: [] } }),
    /converted is malformed/,
  );
});
