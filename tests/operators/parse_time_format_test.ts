import assert from "node:assert/strict";
import { timeFormat } from "../../operators/parse_time_format.ts";

Deno.test("timeFormat('iso') reads zoneless text at the offset and keeps an explicit zone", () => {
  const parse = timeFormat("iso", 120);
  assert.equal(parse("2019-10-01 02:00:00"), Date.UTC(2019, 9, 1));
  assert.equal(parse("2019-10-01T02:00:00Z"), Date.UTC(2019, 9, 1, 2));
  assert.equal(parse("2019-10-01 02:00:00 UTC"), Date.UTC(2019, 9, 1, 2));
  assert.equal(parse("2019-10-01T02:00:00-01:00"), Date.UTC(2019, 9, 1, 3));
  assert.equal(parse("2019-10-01"), Date.UTC(2019, 8, 30, 22));
  assert.equal(timeFormat("iso", 0)("2019-10-01"), Date.UTC(2019, 9, 1));
  assert.ok(Number.isNaN(parse(1569888000000)));
});

Deno.test("timeFormat('epoch_ms') and ('epoch_s') read numbers and numeric text", () => {
  assert.equal(timeFormat("epoch_ms", 0)("1569888000123"), 1569888000123);
  assert.equal(timeFormat("epoch_ms", 0)(1569888000123.9), 1569888000123);
  assert.equal(timeFormat("epoch_s", 0)("1569888000"), 1569888000000);
  assert.equal(timeFormat("epoch_s", 0)("1569888000.5"), 1569888000500);
  assert.equal(timeFormat("epoch_s", 0)(1569888000), 1569888000000);
  assert.ok(Number.isNaN(timeFormat("epoch_s", 0)("2019-10-01")));
  assert.ok(Number.isNaN(timeFormat("epoch_ms", 0)("")));
});

Deno.test("timeFormat() with a pattern reads text only, at the offset", () => {
  const parse = timeFormat("DD/MM/YYYY HH:MM", 60);
  assert.equal(parse("01/10/2019 01:00"), Date.UTC(2019, 9, 1));
  assert.ok(Number.isNaN(parse(20191001)));
  assert.throws(() => timeFormat("nonsense", 0), SyntaxError);
});
