/**
 * `isoColumn` writes what `toISOString` writes, over the whole Date range, and a long (27-byte)
 * time never cuts the rows after it (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { isoColumn } from "../../pipeline/lake/iso_column.ts";

const dec = new TextDecoder();
const MAX = 8.64e15;
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

/** The column's texts, and whether its offsets and bytes agree. */
function texts(values: number[], valid: number[]): (string | null)[] {
  const column = isoColumn(new Float64Array(values), new Uint8Array(valid), values.length);
  const [offsets, bytes, v] = column.arrays as [Int32Array, Uint8Array, Uint8Array];
  assert.equal(offsets.length, values.length + 1);
  assert.equal(offsets[values.length], bytes.length, "last offset is the byte length");
  return values.map((_, r) =>
    v[r] === 0 ? null : dec.decode(bytes.subarray(offsets[r], offsets[r + 1]))
  );
}

function expected(values: number[], valid: number[]): (string | null)[] {
  return values.map((ms, r) => valid[r] === 0 ? null : new Date(ms).toISOString());
}

const wholeMinute = (min: number, max: number) =>
  fc.integer({ min: Math.ceil(min / 60_000), max: Math.floor(max / 60_000) }).map((m) =>
    m * 60_000
  );

const time = fc.oneof(
  { weight: 4, arbitrary: wholeMinute(0, YEAR_10000 - 1) },
  { weight: 2, arbitrary: wholeMinute(Date.UTC(2019, 9, 1), Date.UTC(2019, 9, 3)) },
  { weight: 1, arbitrary: fc.integer({ min: -MAX, max: MAX }) },
  { weight: 1, arbitrary: wholeMinute(-MAX, MAX) },
  { weight: 1, arbitrary: fc.double({ min: -MAX, max: MAX, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      1.5,
      60_000.5,
      YEAR_0,
      YEAR_0 - 60_000,
      YEAR_10000,
      YEAR_10000 - 60_000,
      MAX,
      -MAX,
      86_400_000 - 60_000,
      86_400_000,
      951_782_400_000,
      951_868_800_000 - 60_000,
    ),
  },
);

const column = fc.array(
  fc.tuple(time, fc.integer({ min: 0, max: 4 }).map((x) => x === 0 ? 0 : 1)),
  {
    maxLength: 60,
  },
);

Deno.test("isoColumn equals toISOString for whole minutes of years 0000-9999", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.oneof(
            wholeMinute(YEAR_0, YEAR_10000 - 1),
            wholeMinute(Date.UTC(2019, 9, 1), Date.UTC(2019, 9, 2)),
            fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }),
          ),
          fc.constantFrom(0, 1, 1, 1),
        ),
        { maxLength: 60 },
      ),
      (rows) => {
        const values = rows.map(([v]) => v), valid = rows.map(([, ok]) => ok);
        assert.deepEqual(texts(values, valid), expected(values, valid));
      },
    ),
    { numRuns: 20_000 },
  );
});

Deno.test("isoColumn equals toISOString over the whole Date range", () => {
  fc.assert(
    fc.property(column, (rows) => {
      const values = rows.map(([v]) => v), valid = rows.map(([, ok]) => ok);
      assert.deepEqual(texts(values, valid), expected(values, valid));
    }),
    { numRuns: 20_000 },
  );
});

// Shrunk counterexample: a 27-byte text (year 10000+ or a negative year) that does not trigger
// the growth of `bytes`, followed by a whole minute of 1970-9999 copied by the fast path without
// a bounds check: its last bytes fall off the end of the buffer (typed-array writes out of range
// are dropped) and the last offset points past `bytes`.
Deno.test("isoColumn after a 27-byte time keeps the next minute whole", () => {
  assert.deepEqual(texts([YEAR_10000, 0], [1, 1]), [
    "+010000-01-01T00:00:00.000Z",
    "1970-01-01T00:00:00.000Z",
  ]);
});

Deno.test("isoColumn after a negative year keeps the next minute whole", () => {
  // -000001-12-31T23:00: what parseTime gives for "0000-01-01T00:00:00+01:00".
  const ms = Date.parse("-000001-12-31T23:00:00.000Z");
  assert.deepEqual(texts([ms, Date.UTC(2019, 9, 1)], [1, 1]), [
    "-000001-12-31T23:00:00.000Z",
    "2019-10-01T00:00:00.000Z",
  ]);
});

Deno.test("isoColumn throws RangeError out of the Date range, as toISOString", () => {
  for (const ms of [MAX + 1, -MAX - 1, NaN, Infinity]) {
    assert.throws(() => new Date(ms).toISOString(), RangeError);
    assert.throws(() => texts([ms], [1]), RangeError);
  }
});
