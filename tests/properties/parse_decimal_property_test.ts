/**
 * `parseMicros` is exact: the same millionths as a BigInt reference, for any decimal text
 * (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { parseMicros } from "../../operators/parse_decimal.ts";

// Reference: the documented grammar (optional sign, digits with an optional `.` fraction, at
// least one digit, optional exponent of 1-4 digits), exact in BigInt, the 7th and later fraction
// digits rounding half away from zero (i.e. on the first dropped digit), NaN past 2^53-1.
const GRAMMAR = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

function reference(text: string): number {
  const m = GRAMMAR.exec(text);
  if (m === null) return NaN;
  const whole = m[2], fraction = m[3] ?? "";
  if (whole.length + fraction.length === 0) return NaN;
  const digits = whole + fraction;
  const point = whole.length + Number(m[4] ?? 0) + 6; // decimal point in digits, × 10^6
  let kept: bigint;
  let next: number;
  if (point <= 0) {
    kept = 0n;
    next = point === 0 ? digits.charCodeAt(0) - 48 : 0;
  } else if (point >= digits.length) {
    kept = BigInt(digits) * 10n ** BigInt(point - digits.length);
    next = 0;
  } else {
    kept = BigInt(digits.slice(0, point));
    next = digits.charCodeAt(point) - 48;
  }
  if (next >= 5) kept += 1n;
  if (kept > MAX) return NaN;
  const n = Number(kept);
  return m[1] === "-" && n !== 0 ? -n : n;
}

const digitString = (max: number) => fc.stringMatching(new RegExp(`^\\d{0,${max}}$`));
const decimal = fc.record({
  sign: fc.constantFrom("", "", "-", "+"),
  lead: fc.constantFrom("", "", "0", "000000000000000000000"),
  whole: fc.oneof(
    digitString(10),
    digitString(25),
    fc.constantFrom("9007199254", "9007199255", "9007199253"),
  ),
  point: fc.constantFrom("", ".", "."),
  fraction: fc.oneof(
    digitString(6),
    digitString(12),
    fc.constantFrom("740991", "7409914", "7409915", "740992", "4999999", "5", "9999995", "0000005"),
  ),
  exp: fc.oneof(
    { weight: 4, arbitrary: fc.constant("") },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("e", "E"),
        fc.constantFrom("", "+", "-"),
        fc.stringMatching(/^\d{1,5}$/),
      ).map((p) => p.join("")),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("e", "E"),
        fc.constantFrom("", "+", "-"),
        fc.integer({ min: 0, max: 30 }),
      ).map((p) => p.join("")),
    },
  ),
}).map((d) => d.sign + d.lead + d.whole + d.point + d.fraction + d.exp);

const text = fc.oneof(
  { weight: 8, arbitrary: decimal },
  { weight: 1, arbitrary: fc.stringMatching(/^[-+0-9.eE]{0,12}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

Deno.test("parseMicros(text) equals an exact BigInt reference", () => {
  fc.assert(
    fc.property(text, (t) => {
      const got = parseMicros(t), want = reference(t);
      if (!(Object.is(got, want) || (got !== got && want !== want))) {
        throw new Error(`${JSON.stringify(t)}: got ${got}, want ${want}`);
      }
    }),
    { numRuns: 200_000 },
  );
});

Deno.test("parseMicros edge texts", () => {
  for (
    const t of [
      "9007199254.740991",
      "9007199254.7409915",
      "-9007199254.740991",
      "9007199254.7409905",
      "0.0000005",
      "-0.0000005",
      "-0.0000004",
      "-0",
      "+0",
      "-0.0",
      ".5",
      "5.",
      ".",
      "-",
      "+",
      "",
      "1e",
      "e5",
      ".e5",
      "1.5e2",
      "1e-7",
      "5e-7",
      "-5e-7",
      "1e-9999",
      "0e9999",
      "1e9999",
      "00000000000000000000000000001",
      "1.00000050",
      "9007199254740991e-6",
      "9007199254740991.4e-6",
      "9007199254740991.5e-6",
      "1.2.3",
      "1,5",
      " 1",
      "1 ",
    ]
  ) {
    const got = parseMicros(t), want = reference(t);
    assert.ok(Object.is(got, want) || (got !== got && want !== want), `${t}: ${got} vs ${want}`);
  }
});

Deno.test("parseMicros(number) is Math.round(x * 1e6), never -0", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (x) => {
      const micros = Math.round(x * 1e6);
      const want = Number.isSafeInteger(micros) ? micros + 0 : NaN;
      const got = parseMicros(x);
      return Object.is(got, want) || (got !== got && want !== want);
    }),
    { numRuns: 100_000 },
  );
});
