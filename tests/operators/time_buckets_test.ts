import assert from "node:assert/strict";
import {
  dayKey,
  isoMinute,
  minuteStart,
  monthKey,
  monthStart,
  nextMonthStart,
} from "../../operators/time_buckets.ts";

Deno.test("minuteStart() rounds down to the minute, also before 1970", () => {
  assert.equal(minuteStart(Date.UTC(2019, 9, 1, 0, 5, 59, 999)), Date.UTC(2019, 9, 1, 0, 5));
  assert.equal(minuteStart(Date.UTC(2019, 9, 1, 0, 5)), Date.UTC(2019, 9, 1, 0, 5));
  assert.equal(minuteStart(-1), -60_000);
});

Deno.test("isoMinute() names the minute as an ISO string in UTC", () => {
  assert.equal(isoMinute(Date.UTC(2019, 9, 1, 0, 5, 42)), "2019-10-01T00:05:00.000Z");
});

Deno.test("monthKey() and dayKey() name the UTC month and day", () => {
  assert.equal(monthKey(Date.UTC(2019, 11, 31, 23, 59, 59, 999)), "2019-12");
  assert.equal(monthKey(Date.UTC(2020, 0, 1)), "2020-01");
  assert.equal(dayKey(Date.UTC(2020, 1, 29, 23, 59)), "2020-02-29");
});

Deno.test("monthStart() and nextMonthStart() bound the month, across the year end", () => {
  const t = Date.UTC(2019, 11, 15, 12);
  assert.equal(monthStart(t), Date.UTC(2019, 11, 1));
  assert.equal(nextMonthStart(t), Date.UTC(2020, 0, 1));
  assert.equal(
    nextMonthStart(Date.UTC(2020, 1, 10)) - monthStart(Date.UTC(2020, 1, 10)),
    29 * 86_400_000,
  );
});
