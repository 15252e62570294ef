import assert from "node:assert/strict";
import { livePartName, parseLivePartName } from "../../../pipeline/lake/live_part_name.ts";

Deno.test("livePartName() names a part by topic, partition and offset range, and parses back", () => {
  const range = {
    topic: "test-x_1.activity",
    partition: 12,
    first: 0,
    last: 9_007_199_254_740_991,
  };
  const name = livePartName(range);
  assert.equal(name, "part-test-x_1.activity-p12-o0000000000000000-9007199254740991.parquet");
  assert.deepEqual(parseLivePartName(name), range);
});

Deno.test("livePartName() refuses a topic Kafka would not accept and an inverted range", () => {
  assert.throws(() => livePartName({ topic: "a/b", partition: 0, first: 0, last: 1 }), RangeError);
  assert.throws(() => livePartName({ topic: "t", partition: 0, first: 5, last: 4 }), /5-4/);
  assert.throws(() => livePartName({ topic: "t", partition: -1, first: 0, last: 0 }), RangeError);
});

Deno.test("livePartName() pads offsets so names sort in offset order", () => {
  const name = (first: number) =>
    livePartName({ topic: "t", partition: 0, first, last: first + 9 });
  assert.ok(name(90) < name(100));
  assert.ok(name(999_999) < name(1_000_000));
});

Deno.test("parseLivePartName() ignores replay parts and temporary files", () => {
  assert.equal(parseLivePartName("part-00000.parquet"), null);
  assert.equal(
    parseLivePartName(".part-t-p0-o0000000000000000-0000000000000001.parquet.tmp"),
    null,
  );
  assert.equal(parseLivePartName("part-t-p0-o0000000000000009-0000000000000001.parquet"), null);
});
