import assert from "node:assert/strict";
import type { RawBatch } from "../../../operators/types.ts";
import { positionOffset, splitRawBatch } from "../../../pipeline/live/split_raw_batch.ts";

const batch: RawBatch = {
  table: "activity",
  records: [3, 4, 6, 9].map((o) => ({ source: "t", position: `t/1@${o}`, raw: "{}", fields: {} })),
  quarantine: [5, 8].map((o) => ({
    source: "t",
    position: `t/1@${o}`,
    reason: "malformed_json",
    raw: "x",
    eventTime: null,
  })),
  bytesRead: 100,
  bytesTotal: 0,
};

Deno.test("splitRawBatch() cuts records and quarantine rows at an offset, keeping order", () => {
  const [head, tail] = splitRawBatch(batch, 6n);
  assert.deepEqual(head.records.map((r) => r.position), ["t/1@3", "t/1@4"]);
  assert.deepEqual(head.quarantine.map((q) => q.position), ["t/1@5"]);
  assert.deepEqual(tail.records.map((r) => r.position), ["t/1@6", "t/1@9"]);
  assert.deepEqual(tail.quarantine.map((q) => q.position), ["t/1@8"]);
  const [none, all] = splitRawBatch(batch, 0n);
  assert.equal(none.records.length + none.quarantine.length, 0);
  assert.equal(all.records.length, 4);
});

Deno.test("positionOffset() reads the offset after @, and names a position without one", () => {
  assert.equal(positionOffset("shopease.activity/3@1042"), 1042n);
  assert.throws(() => positionOffset("file.csv:line 3"), /"file.csv:line 3"/);
});
