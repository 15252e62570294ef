import assert from "node:assert/strict";
import { parseMicros } from "../../operators/parse_decimal.ts";

Deno.test("parseMicros() reads decimal text exactly, without float rounding", () => {
  assert.equal(parseMicros("0.29"), 290_000);
  assert.equal(parseMicros("1299.00"), 1_299_000_000);
  assert.equal(parseMicros("1299.999999"), 1_299_999_999);
  assert.equal(parseMicros("7"), 7_000_000);
  assert.equal(parseMicros("-2.5"), -2_500_000);
  assert.equal(parseMicros("+2.5"), 2_500_000);
  assert.equal(parseMicros(".5"), 500_000);
  assert.equal(parseMicros("5."), 5_000_000);
  assert.equal(parseMicros("0.1") + parseMicros("0.2"), parseMicros("0.3"));
});

Deno.test("parseMicros() rounds a seventh fraction digit half away from zero", () => {
  assert.equal(parseMicros("0.0000005"), 1);
  assert.equal(parseMicros("0.00000049999"), 0);
  assert.equal(parseMicros("-0.0000005"), -1);
});

Deno.test("parseMicros() reads exponents by shifting digits", () => {
  assert.equal(parseMicros("1.5e2"), 150_000_000);
  assert.equal(parseMicros("15E-1"), 1_500_000);
  assert.equal(parseMicros("1e-7"), 0);
});

Deno.test("parseMicros() rounds JS numbers with one multiply", () => {
  assert.equal(parseMicros(12.5), 12_500_000);
  assert.equal(parseMicros(0.29), 290_000);
  assert.ok(Object.is(parseMicros(-0), 0));
  assert.ok(Number.isNaN(parseMicros(Infinity)));
  assert.ok(Number.isNaN(parseMicros(NaN)));
});

Deno.test("parseMicros() returns NaN for anything but a plain decimal number", () => {
  for (
    const bad of ["", "-", ".", "abc", "1,299.00", "$5", " 5", "5 ", "1.2.3", "0x10", "1e", "--1"]
  ) {
    assert.ok(Number.isNaN(parseMicros(bad)), JSON.stringify(bad));
  }
});

Deno.test("parseMicros() returns NaN past the exact integer range", () => {
  assert.equal(parseMicros("9007199254"), 9_007_199_254_000_000);
  assert.ok(Number.isNaN(parseMicros("9007199255")));
  assert.ok(Number.isNaN(parseMicros(1e12)));
});
