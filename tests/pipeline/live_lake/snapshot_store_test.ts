/**
 * The snapshot store on the real Redis: a snapshot replaces the stored one only when it has read
 * at least as far on every topic; the same snapshot twice changes nothing but the counter.
 */
import assert from "node:assert/strict";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { SnapshotStore } from "../../../pipeline/live_lake/snapshot_store.ts";
import type { PartitionSnapshot } from "../../../pipeline/live_lake/lake_partition.ts";

const snapshot = (offsets: PartitionSnapshot["offsets"], records: number): PartitionSnapshot => ({
  offsets,
  records,
  latestTransaction: null,
  families: { quality: { n: records } },
});

Deno.test("a snapshot behind the stored one on any topic is refused", async () => {
  const { redisUrl } = await realServices();
  const store = await SnapshotStore.connect(redisUrl, uniqueName("snapshots"));
  try {
    assert.equal(await store.changes(), 0);
    assert.equal(
      await store.put(0, snapshot({ activity: "100", transactions: "9" }, 109)),
      "stored",
    );
    // 99 < 100 on activity although transactions moved on: a restarted owner still rebuilding.
    assert.equal(
      await store.put(0, snapshot({ activity: "99", transactions: "20" }, 119)),
      "stale",
    );
    // A topic the stored snapshot had is missing: not further on every topic.
    assert.equal(await store.put(0, snapshot({ transactions: "30" }, 30)), "stale");
    // Longer decimal text is a larger offset (not a string comparison).
    assert.equal(
      await store.put(0, snapshot({ activity: "1000", transactions: "9" }, 1009)),
      "stored",
    );
    assert.equal(await store.put(1, snapshot({ activity: "5" }, 5)), "stored");
    assert.equal(await store.put(1, snapshot({ activity: "5" }, 5)), "stored"); // idempotent
    const all = await store.all();
    assert.deepEqual([...all.keys()].sort(), [0, 1]);
    assert.equal(all.get(0)!.records, 1009);
    assert.deepEqual(all.get(1)!.families, { quality: { n: 5 } });
    assert.equal(await store.changes(), 4);
    await store.clear();
    assert.equal((await store.all()).size, 0);
  } finally {
    await store.clear();
    await store.close();
  }
});
