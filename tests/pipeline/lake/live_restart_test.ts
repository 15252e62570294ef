/**
 * The planned restart path of a live partition, on the pieces built so far: parts are written
 * before the progress commit; after a crash the partition re-reads from the committed offset,
 * cuts at the lake's committed ranges and writes again. Each row must end in the lake once.
 */
import assert from "node:assert/strict";
import { cutAtRanges } from "../../../pipeline/lake/cut_at_ranges.ts";
import { committedRanges } from "../../../pipeline/lake/live_part_index.ts";
import { compactTable } from "../../../pipeline/lake/compact_table.ts";
import { writeLiveParts } from "../../../pipeline/lake/write_live_parts.ts";
import { activityRows, snapshotRows, withLake } from "./live_lake_helpers.ts";

const TOPIC = "shopease.activity";

/** What the graph gives each table for offsets `first … last`: the same every time. */
function graph(first: number, last: number) {
  const clean = activityRows(first, last - first + 1).filter((_, i) => (first + i) % 10 !== 0);
  const quarantine = [];
  for (let offset = first; offset <= last; offset++) {
    if (offset % 10 !== 0) continue;
    quarantine.push({
      source: TOPIC,
      position: `${TOPIC}/0@${offset}`,
      reason: "malformed_json",
      raw: "",
      eventTime: null,
    });
  }
  return { activity: clean, quarantine };
}

/** Writes one batch to both tables; `crashAfter` stops after the first table, as a kill would. */
async function commitBatch(root: string, first: number, last: number, crashAfter = false) {
  const range = { topic: TOPIC, partition: 0, first, last };
  const rows = graph(first, last);
  const statuses = [(await writeLiveParts(root, "activity", range, rows.activity)).status];
  if (crashAfter) return statuses;
  statuses.push((await writeLiveParts(root, "quarantine", range, rows.quarantine)).status);
  return statuses;
}

Deno.test("a partition killed between two tables' parts resumes without doubling or losing a row", async () => {
  await withLake(async (root) => {
    let progress = 0; // the offset Redis would hold
    for (const [first, last] of [[0, 99], [100, 179]]) {
      await commitBatch(root, first, last);
      progress = last + 1;
    }
    // Batch 180-259: activity committed, then the process died (no quarantine part, no progress).
    await commitBatch(root, 180, 259, true);
    await compactTable(root, "activity"); // compaction may run at any time in between

    // Restart: fetch from the committed offset; Kafka hands back 180-399 in one fetch.
    const ranges = committedRanges(root, ["activity", "quarantine"], TOPIC, 0);
    const batches = cutAtRanges(progress, 399, ranges);
    assert.deepEqual(batches, [[180, 259], [260, 399]]);
    assert.deepEqual(await commitBatch(root, 180, 259), ["covered", "written"]);
    assert.deepEqual(await commitBatch(root, 260, 399), ["written", "written"]);

    const whole = graph(0, 399);
    await withLake(async (clean) => {
      await commitBatch(clean, 0, 399);
      assert.deepEqual(await snapshotRows(root, "activity"), await snapshotRows(clean, "activity"));
      assert.deepEqual(
        await snapshotRows(root, "quarantine"),
        await snapshotRows(clean, "quarantine"),
      );
    });
    assert.equal((await snapshotRows(root, "activity")).length, whole.activity.length);
    assert.equal((await snapshotRows(root, "quarantine")).length, 40);
  });
});

Deno.test("without the cut, a re-read batch across a committed part is refused, not doubled", async () => {
  await withLake(async (root) => {
    await commitBatch(root, 0, 99);
    await commitBatch(root, 100, 199, true);
    const before = await snapshotRows(root, "activity");
    await assert.rejects(commitBatch(root, 100, 299), /holds offsets on both sides/);
    assert.deepEqual(await snapshotRows(root, "activity"), before);
  });
});
