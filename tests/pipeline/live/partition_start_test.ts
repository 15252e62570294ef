import assert from "node:assert/strict";
import { partitionStart } from "../../../pipeline/live/partition_start.ts";

const offsets = { low: "120", high: "900", committed: "400" };

Deno.test("partitionStart() resumes from stored progress, which wins over the source's offsets", () => {
  const start = partitionStart(
    {
      partition: 0,
      offset: "450",
      processed: "500",
      watermark: 9000,
      resumeWatermark: null,
      heartbeats: [["480", 8000]],
      quality: { valid: 499, late: 1 },
    },
    offsets,
    true,
  );
  assert.deepEqual(start, {
    next: 450n,
    processed: 500n,
    resumeMark: -Infinity,
    watermark: 9000,
    heartbeats: [[480n, 8000]],
    quality: { valid: 499, late: 1 },
  });
});

Deno.test("partitionStart() without progress starts at the earliest offset, or the group's, or the end", () => {
  assert.equal(partitionStart(undefined, offsets, true).next, 120n);
  assert.equal(partitionStart(undefined, offsets, false).next, 400n);
  assert.equal(partitionStart(undefined, { ...offsets, committed: null }, false).next, 900n);
  assert.equal(partitionStart(undefined, undefined, true).next, 0n);
  assert.equal(partitionStart({ partition: 0, offset: "77" }, offsets, true).next, 77n);
});
