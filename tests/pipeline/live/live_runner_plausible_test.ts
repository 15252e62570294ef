/** The live pipeline applies the plausible event-time window, following its clock. */
import assert from "node:assert/strict";
import type { RawBatch, RawRecord } from "../../../operators/types.ts";
import { plausibleTimeAt } from "../../../operators/plausible_time.ts";
import { LiveRunner } from "../../../pipeline/live/live_runner.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";

const START = Date.UTC(2026, 0, 15);

function event(i: number, time: string): RawRecord {
  const fields = {
    event_time: time,
    event_type: "view",
    product_id: "p",
    user_id: `u${i}`,
    user_session: `s${i}`,
  };
  return { source: "t", position: `t/0@${i}`, raw: JSON.stringify(fields), fields };
}

Deno.test("LiveRunner quarantines a message dated past the clock's window as implausible_time", async () => {
  const store = new MemoryStore();
  const now = START;
  const runner = new LiveRunner({
    store,
    group: "g",
    pseudonym: (id) => `p${id}`,
    lateness: 10_000,
    idleTimeoutMs: 5_000,
    fromBeginning: true,
    now: () => now,
    plausibleTime: () => plausibleTimeAt(now),
  });
  const batch: RawBatch = {
    table: "activity",
    records: [
      event(0, new Date(START - 60_000).toISOString()),
      event(1, "9999-12-31T00:00:00Z"),
      event(2, "1970-01-01T00:00:00Z"),
      event(3, new Date(START - 30_000).toISOString()),
    ],
    quarantine: [],
    bytesRead: 0,
    bytesTotal: 0,
  };
  await runner.handleBatch(batch, { partition: 0, firstOffset: "0", lastOffset: "3" });
  const progress = (await store.readProgress("g")).partitions.get(0)!;
  assert.deepEqual(progress.quality, { valid: 2, implausible_time: 2 });
  // The year-9999 message did not become the watermark: the newest plausible event did.
  assert.equal(progress.watermark, START - 30_000 - 10_000);
});
