import assert from "node:assert/strict";
import { parseTime } from "../../operators/parse_time.ts";

Deno.test("parseTime() reads the REES46 layout with and without the UTC suffix", () => {
  assert.equal(parseTime("2019-10-01 00:00:05 UTC"), Date.UTC(2019, 9, 1, 0, 0, 5));
  assert.equal(parseTime("2019-10-01 00:00:05"), Date.UTC(2019, 9, 1, 0, 0, 5));
  assert.equal(parseTime("2019-10-01 00:00:05.123 UTC"), Date.UTC(2019, 9, 1, 0, 0, 5, 123));
});

Deno.test("parseTime() reads ISO-8601 with Z, offsets, or no zone as UTC", () => {
  const t = Date.UTC(2019, 9, 1, 0, 0, 5);
  assert.equal(parseTime("2019-10-01T00:00:05Z"), t);
  assert.equal(parseTime("2019-10-01T00:00:05"), t);
  assert.equal(parseTime("2019-10-01T02:00:05+02:00"), t);
  assert.equal(parseTime("2019-09-30T22:30:05-01:30"), t);
  assert.equal(parseTime("2019-10-01T02:00:05+0200"), t);
  assert.equal(parseTime("2019-10-01T00:00:05.5Z"), t + 500);
  assert.equal(parseTime("2019-10-01T00:00:05.123456789Z"), t + 123);
  assert.equal(parseTime("2019-10-01T00:00:05,25z"), t + 250);
});

Deno.test("parseTime() reads a date alone and minutes without seconds on the slow path", () => {
  assert.equal(parseTime("2019-10-01"), Date.UTC(2019, 9, 1));
  assert.equal(parseTime("2019-10-01T10:20Z"), Date.UTC(2019, 9, 1, 10, 20));
});

Deno.test("parseTime() rejects out-of-range parts and calendar days that do not exist", () => {
  for (
    const bad of [
      "2019-13-01 00:00:00",
      "2019-00-01 00:00:00",
      "2019-02-29 00:00:00",
      "2019-04-31T00:00:00Z",
      "2019-10-01 24:00:00",
      "2019-10-01 23:60:00",
      "2019-10-01 23:59:60",
      "2019-10-01T00:00:00+24:00",
    ]
  ) assert.ok(Number.isNaN(parseTime(bad)), bad);
  assert.equal(parseTime("2020-02-29 00:00:00"), Date.UTC(2020, 1, 29));
  assert.ok(Number.isNaN(parseTime("1900-02-29")));
  assert.equal(parseTime("2000-02-29"), Date.UTC(2000, 1, 29));
});

Deno.test("parseTime() rejects text that is not a timestamp", () => {
  for (
    const bad of [
      "",
      "not a date",
      "2019/10/01 00:00:00",
      "2019-10-01 00:00:00 PST",
      "2019-10-01 00:00:00 UTC extra",
      "2019-1-01 00:00:00",
      "2019-10-01 0a:00:00",
      "2019-10-01T00:00:00.Z",
      "1569888005000",
    ]
  ) assert.ok(Number.isNaN(parseTime(bad)), bad);
});

Deno.test("parseTime() keeps years below 100 as written", () => {
  assert.equal(parseTime("0050-01-01T00:00:00Z"), new Date("0050-01-01T00:00:00Z").getTime());
});
