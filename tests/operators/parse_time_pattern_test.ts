import assert from "node:assert/strict";
import { timePattern } from "../../operators/parse_time_pattern.ts";

Deno.test("timePattern() reads day-first dates with MM after HH as minutes", () => {
  const parse = timePattern("DD/MM/YYYY HH:MM");
  assert.equal(parse("01/10/2019 02:05"), Date.UTC(2019, 9, 1, 2, 5));
  assert.equal(parse("31/12/2019 23:59"), Date.UTC(2019, 11, 31, 23, 59));
});

Deno.test("timePattern() reads the full layout with seconds and a fraction", () => {
  assert.equal(
    timePattern("YYYY-MM-DD HH:MM:SS")("2019-10-01 00:00:05"),
    Date.UTC(2019, 9, 1, 0, 0, 5),
  );
  assert.equal(
    timePattern("YYYY-MM-DDTHH:mm:ss.SSS")("2019-10-01T00:00:05.25"),
    Date.UTC(2019, 9, 1, 0, 0, 5, 250),
  );
});

Deno.test("timePattern() reads one-letter tokens as one or two digits", () => {
  const parse = timePattern("M/D/YYYY H:MM");
  assert.equal(parse("12/1/2010 8:26"), Date.UTC(2010, 11, 1, 8, 26));
  assert.equal(parse("1/31/2011 17:05"), Date.UTC(2011, 0, 31, 17, 5));
  assert.ok(Number.isNaN(parse("1/31/2011 17:5")));
});

Deno.test("timePattern() applies a fixed offset: the text is wall time at that offset", () => {
  assert.equal(timePattern("YYYY-MM-DD HH:MM", 120)("2019-10-01 02:00"), Date.UTC(2019, 9, 1));
  assert.equal(
    timePattern("YYYY-MM-DD HH:MM", -330)("2019-10-01 00:00"),
    Date.UTC(2019, 9, 1, 5, 30),
  );
});

Deno.test("timePattern() rejects text that does not fit and impossible dates", () => {
  const parse = timePattern("DD/MM/YYYY HH:MM");
  for (
    const text of [
      "2019-10-01 02:05",
      "01/10/2019 02:05:00",
      "31/02/2019 00:00",
      "01/13/2019 00:00",
      "01/10/2019 24:00",
      "",
    ]
  ) {
    assert.ok(Number.isNaN(parse(text)), text);
  }
  assert.equal(parse("29/02/2020 00:00"), Date.UTC(2020, 1, 29));
  assert.ok(Number.isNaN(parse("29/02/2019 00:00")));
});

Deno.test("timePattern() throws on unknown letters or a pattern without a date, naming the pattern", () => {
  assert.throws(() => timePattern("YYYY-MM-DD QQ"), /unknown token "QQ"/);
  assert.throws(() => timePattern("HH:MM"), /"HH:MM" has no YYYY/);
  assert.throws(() => timePattern("YYYY-DD"), /has no MM/);
});

Deno.test("timePattern() takes a lone T or Z and quoted text as literals", () => {
  assert.equal(
    timePattern("YYYY-MM-DDTHH:mm:ssZ")("2019-10-01T00:00:05Z"),
    Date.UTC(2019, 9, 1, 0, 0, 5),
  );
  assert.equal(
    timePattern("DD.MM.YYYY 'um' HH:MM")("01.10.2019 um 13:45"),
    Date.UTC(2019, 9, 1, 13, 45),
  );
  assert.throws(() => timePattern("YYYY-MM-DD 'open"), /unclosed/);
});
