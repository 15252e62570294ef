/**
 * Report money columns: every amount the reports can produce exactly (whole cents below 2⁴⁵
 * currency units, as `microsToMoney` gives them) is accepted and stored as its own cents
 * (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_MONEY, microsToMoney } from "../../operators/money.ts";
import { ReportColumns } from "../../pipeline/lake/report_columns.ts";
import { type ReportPart, writeReportLines } from "../../pipeline/lake/report_part.ts";

const LIMIT = BigInt(MAX_MONEY) * 100n;

/** Whole cents, mostly of large amounts (where a double holds few decimals). */
const CENTS = fc.oneof(
  fc.bigInt({ min: -LIMIT + 1n, max: LIMIT - 1n }),
  fc.bigInt({ min: 10n ** 11n, max: 10n ** 13n }),
  fc.bigInt({ min: -100_000n, max: 100_000n }),
);

/** The lake cents and JSON text the report part writes for one money value. */
function written(value: number): { cents: number; json: string } {
  const columns = new ReportColumns([{ name: "net", type: "money" }]);
  columns.append([{ net: value }], 0, 1);
  const temp = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    const report: ReportPart = {
      schema: [{ name: "net", type: "money" }],
      json: temp,
      temp,
      first: true,
      last: true,
    };
    const lake = writeReportLines(report, columns.parts(), 1);
    return { cents: lake[0].arrays[0]![0] as number, json: Deno.readTextFileSync(temp) };
  } finally {
    Deno.removeSync(temp);
  }
}

Deno.test("a money column takes every whole-cent amount below MAX_MONEY, as its own cents", () => {
  fc.assert(
    fc.property(CENTS, (cents) => {
      const value = microsToMoney(cents * 10_000n);
      assert.notEqual(value, null);
      const out = written(value!);
      assert.equal(BigInt(out.cents), cents);
      assert.deepEqual(JSON.parse(out.json), [{ net: value }]);
    }),
    { numRuns: 3000 },
  );
});

Deno.test("a money column refuses what is not whole cents or lies beyond MAX_MONEY", () => {
  const columns = new ReportColumns([{ name: "net", type: "money" }]);
  for (const value of [0.001, 1.005, 0.1 + 0.2, MAX_MONEY, -MAX_MONEY, 1e16, Infinity, NaN]) {
    assert.throws(() => columns.append([{ net: value }], 0, 1), /"net" needs a money/);
  }
  columns.append([{ net: MAX_MONEY - 0.01 }, { net: 1234567890.13 }], 0, 2);
  assert.equal(columns.length, 2);
});

Deno.test("microsToMoney gives null for exactly the sums a money column cannot hold", () => {
  const BEYOND = fc.oneof(
    fc.bigInt({ min: LIMIT, max: LIMIT * 1000n }),
    fc.bigInt({ min: -LIMIT * 1000n, max: -LIMIT }),
  );
  fc.assert(
    fc.property(BEYOND, fc.bigInt({ min: -4_999n, max: 4_999n }), (cents, micros) => {
      // Micros that round to those cents (half away from zero) give null as well.
      assert.equal(microsToMoney(cents * 10_000n + micros * (cents < 0n ? -1n : 1n)), null);
    }),
  );
  assert.equal(microsToMoney((LIMIT - 1n) * 10_000n + 4_999n), MAX_MONEY - 0.01);
  assert.equal(microsToMoney((LIMIT - 1n) * 10_000n + 5_000n), null);
  assert.equal(microsToMoney(-(LIMIT - 1n) * 10_000n - 5_000n), null);
});
