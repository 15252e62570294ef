import assert from "node:assert/strict";
import {
  newStreamStart,
  partitionStart,
  topicRecreated,
} from "../../../pipeline/live/partition_start.ts";

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
    stream: 0,
  });
});

Deno.test("topicRecreated() is true only when the topic's high watermark is below the stored progress", () => {
  const progress = { partition: 0, offset: "450", processed: "500", stream: 2 };
  const at = (high: string) => ({ low: "0", high, committed: null });
  assert.equal(topicRecreated(progress, at("499")), true);
  assert.equal(topicRecreated(progress, at("500")), false, "everything processed, nothing new");
  assert.equal(topicRecreated(progress, at("9000")), false, "a re-read below 500 is a duplicate");
  assert.equal(topicRecreated({ partition: 0, offset: "77" }, at("70")), true);
  assert.deepEqual(
    newStreamStart({ ...progress, quality: { valid: 500 } }, { ...at("40"), low: "3" }),
    {
      next: 3n,
      processed: 3n,
      resumeMark: -Infinity,
      watermark: -Infinity,
      heartbeats: [],
      quality: { valid: 500 },
      stream: 3,
    },
  );
});

Deno.test("partitionStart() without progress starts at the earliest offset, or the group's, or the end", () => {
  assert.equal(partitionStart(undefined, offsets, true).next, 120n);
  assert.equal(partitionStart(undefined, offsets, false).next, 400n);
  assert.equal(partitionStart(undefined, { ...offsets, committed: null }, false).next, 900n);
  assert.equal(partitionStart(undefined, undefined, true).next, 0n);
  assert.equal(partitionStart({ partition: 0, offset: "77" }, offsets, true).next, 77n);
});
