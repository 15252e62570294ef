import assert from "node:assert/strict";
import { MicrosSum, microsToMoney, roundRatio } from "../../operators/money.ts";

Deno.test("MicrosSum adds 6 × 2.55 to exactly 15.3", () => {
  const sum = new MicrosSum();
  sum.add(6, 2_550_000);
  assert.equal(sum.micros, 15_300_000n);
  assert.equal(microsToMoney(sum.micros), 15.3);
  assert.notEqual(6 * 2.55, 15.3, "the float product drifts; the exact sum must not");
});

Deno.test("MicrosSum adds 0.1 and 0.2 to exactly 0.3", () => {
  const sum = new MicrosSum();
  sum.add(1, 100_000);
  sum.add(1, 200_000);
  assert.equal(microsToMoney(sum.micros), 0.3);
});

Deno.test("MicrosSum stays exact past 2^53 micros, in small steps and in one big product", () => {
  const sum = new MicrosSum();
  let reference = 0n;
  for (let i = 0; i < 1_000; i++) {
    sum.add(999_999, 99_999_999_999); // ≈ 10^17 micros per line
    reference += 999_999n * 99_999_999_999n;
  }
  sum.add(3, 1);
  reference += 3n;
  assert.equal(sum.micros, reference);
  assert.ok(reference > BigInt(Number.MAX_SAFE_INTEGER));

  const near = new MicrosSum();
  near.add(1, Number.MAX_SAFE_INTEGER - 1);
  near.add(1, 5);
  assert.equal(near.micros, BigInt(Number.MAX_SAFE_INTEGER) + 4n);
});

Deno.test("microsToMoney() rounds to cents half away from zero", () => {
  assert.equal(microsToMoney(4_999n), 0); // 0.004999
  assert.equal(microsToMoney(5_000n), 0.01); // 0.005
  assert.equal(microsToMoney(-5_000n), -0.01);
  assert.equal(microsToMoney(-4_999n), 0);
  assert.equal(microsToMoney(1_234_500_000n), 1234.5);
  assert.equal(microsToMoney(1_234_565_000n), 1234.57);
  assert.equal(microsToMoney(0n), 0);
});

Deno.test("microsToMoney() of 1000 lines at 0.001 is exactly 1", () => {
  const sum = new MicrosSum();
  for (let i = 0; i < 1_000; i++) sum.add(1, 1_000);
  assert.equal(microsToMoney(sum.micros), 1);
});

Deno.test("roundRatio() rounds exactly where float scaling would not", () => {
  // 1.005 * 100 is 100.49999999999999 in floats, so Math.round would give 1.
  assert.equal(Math.round((201 / 200) * 100) / 100, 1);
  assert.equal(roundRatio(201, 200, 2), 1.01);
  assert.equal(Math.round((145 / 100_000) * 1e4) / 1e4, 0.0014);
  assert.equal(roundRatio(145, 100_000, 4), 0.0015);
  assert.equal(roundRatio(2, 3, 4), 0.6667);
  assert.equal(roundRatio(1, 8, 2), 0.13);
  assert.equal(roundRatio(-1, 8, 2), -0.13);
  assert.equal(roundRatio(1, -8, 2), -0.13);
  assert.equal(roundRatio(13, 3, 3), 4.333);
  assert.equal(roundRatio(10, 180, 4), 0.0556);
});

Deno.test("roundRatio() returns null for a zero denominator", () => {
  assert.equal(roundRatio(0, 0, 4), null);
  assert.equal(roundRatio(5, 0, 2), null);
});

Deno.test("roundRatio() falls back to float rounding for non-integers", () => {
  assert.equal(roundRatio(9, 2.5, 2), 3.6);
  assert.equal(roundRatio(-4.5, 2, 0), -2);
});

Deno.test("roundRatio() rejects a bad decimals argument, naming it", () => {
  assert.throws(() => roundRatio(1, 2, 1.5), /got 1.5/);
  assert.throws(() => roundRatio(1, 2, 16), RangeError);
});
