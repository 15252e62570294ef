/**
 * `parseTime` (with its one-day cache) equals a fresh parse of each accepted timestamp form by a
 * reference written from its documented formats, over any sequence of texts (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { parseTime } from "../../operators/parse_time.ts";

// Reference from the documented formats: ISO-8601 date or date-time (T or space), minutes with
// optional seconds and a 1-9 digit fraction (`.` or `,`), zone Z / UTC / ±hh[[:]mm] (any case,
// optionally after spaces), no zone = UTC; every part range-checked; fraction truncated to ms.
const REF =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*([Zz]|[Uu][Tt][Cc]|[+-]\d{2}(?::?\d{2})?))?$/;

function reference(text: string): number {
  const m = REF.exec(text);
  if (m === null) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = Number(m[4] ?? 0), minute = Number(m[5] ?? 0), second = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3)); // truncated, by digits
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return NaN;
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && (zone[0] === "+" || zone[0] === "-")) {
    const digits = zone.replace(":", "");
    const oh = Number(digits.slice(1, 3)), om = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offset = (zone[0] === "+" ? 1 : -1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offset * 60_000;
}

const d2 = (n: number) => String(n).padStart(2, "0");
const d4 = (n: number) => String(n).padStart(4, "0");

const year = fc.oneof(
  fc.constantFrom(2019, 2020, 2000, 1900, 2100, 1970, 0, 1, 99, 100, 400, 9999, 1600),
  fc.integer({ min: 0, max: 9999 }),
);
const fraction = fc.oneof(
  fc.constant(""),
  fc.tuple(fc.constantFrom(".", ","), fc.stringMatching(/^\d{1,10}$/)).map(([s, d]) => s + d),
  fc.tuple(
    fc.constantFrom(".", ","),
    fc.constantFrom("999999999", "123999999", "000999999", "5", "99", "999", "9999"),
  ).map(([s, d]) => s + d),
);
const zone = fc.oneof(
  fc.constantFrom("", "", "Z", " UTC", "UTC", "z", " utc", " Z", "+00:00", "-00:00"),
  fc.tuple(
    fc.constantFrom("+", "-"),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom(":", "", "!"),
  )
    .map(([s, h, m, c]) => c === "!" ? `${s}${d2(h)}` : `${s}${d2(h)}${c}${d2(m)}`),
);
const timestamp = fc.record({
  year,
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  sep: fc.constantFrom("T", " ", "t", "_"),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 61 }),
  shape: fc.constantFrom("full", "full", "full", "minutes", "date"),
  fraction,
  zone,
}).map((t) => {
  const date = `${d4(t.year)}-${d2(t.month)}-${d2(t.day)}`;
  if (t.shape === "date") return date + (t.zone.startsWith(" ") ? "" : t.zone);
  const time = `${d2(t.hour)}:${d2(t.minute)}` +
    (t.shape === "full" ? `:${d2(t.second)}${t.fraction}` : "");
  return `${date}${t.sep}${time}${t.zone}`;
});

/** Mostly a handful of days, so the one-day cache is hit, missed and re-filled. */
const sameDayish = fc.tuple(
  fc.constantFrom(
    "2019-10-01",
    "2019-10-02",
    "2020-02-29",
    "2019-02-29",
    "2019-02-30",
    "2019-04-31",
    "0000-01-01",
    "0099-12-31",
    "2019-13-01",
    "2019-00-10",
  ),
  fc.constantFrom("T", " "),
  fc.integer({ min: 0, max: 24 }),
  fc.integer({ min: 0, max: 60 }),
  fc.integer({ min: 0, max: 60 }),
  fraction,
  zone,
).map(([date, sep, h, m, s, f, z]) => `${date}${sep}${d2(h)}:${d2(m)}:${d2(s)}${f}${z}`);

const anyText = fc.oneof(
  { weight: 5, arbitrary: timestamp },
  { weight: 5, arbitrary: sameDayish },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (a !== a && b !== b);
}

Deno.test("parseTime over a sequence equals a fresh reference parse of each text", () => {
  fc.assert(
    fc.property(
      fc.array(anyText, { minLength: 1, maxLength: 20 }),
      (texts) => {
        for (const text of texts) {
          const got = parseTime(text), want = reference(text);
          if (!same(got, want)) {
            throw new Error(`${JSON.stringify(text)}: got ${got}, want ${want}`);
          }
        }
      },
    ),
    { numRuns: 60_000 },
  );
});

Deno.test("parseTime truncates a 9-digit comma fraction (slow path) like the fast path", () => {
  // Fast path (char codes): truncated. Slow path (regex): Math.floor(0.123999999*1000 + 1e-6).
  assert.equal(parseTime("2019-10-01T00:00:00.123999999Z"), Date.UTC(2019, 9, 1, 0, 0, 0, 123));
  assert.equal(parseTime("2019-10-01T00:00:00,123999999Z"), Date.UTC(2019, 9, 1, 0, 0, 0, 123));
});

Deno.test("parseTime 23:59:59,999999999 stays within its second", () => {
  assert.equal(
    parseTime("2019-10-01T23:59:59,999999999Z"),
    Date.UTC(2019, 9, 1, 23, 59, 59, 999),
  );
});
