import assert from "node:assert/strict";
import { isoText } from "../../operators/iso_text.ts";

Deno.test("isoText() gives toISOString() for whole minutes from 1970 to 9999, across day changes", () => {
  const starts = [
    0,
    Date.UTC(2019, 9, 1),
    Date.UTC(2024, 1, 29, 23, 58),
    Date.UTC(9999, 11, 31, 23, 50),
  ];
  for (const start of starts) {
    for (let m = 0; m < 3000; m += 7) {
      const t = start + m * 60_000;
      assert.equal(isoText(t), new Date(t).toISOString());
    }
  }
});

Deno.test("isoText() gives toISOString() for other times: seconds, fractions, before 1970, after 9999, -0", () => {
  const times = [
    1.5,
    59_999,
    60_001,
    Date.UTC(2019, 9, 1, 0, 0, 1),
    -60_000,
    -1,
    -0,
    Date.UTC(10000, 0, 1),
    Date.UTC(-1, 0, 1),
    8.64e15,
    -8.64e15,
  ];
  for (const t of times) assert.equal(isoText(t), new Date(t).toISOString(), `time ${t}`);
});

Deno.test("isoText() throws toISOString()'s RangeError for a time out of range", () => {
  for (const t of [NaN, Infinity, 8.64e15 + 60_000]) assert.throws(() => isoText(t), RangeError);
});
