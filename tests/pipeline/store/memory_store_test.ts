import assert from "node:assert/strict";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";
import { storeContract } from "./store_contract.ts";

storeContract("MemoryStore", () => Promise.resolve(new MemoryStore()));

Deno.test("MemoryStore: per-minute values expire after the TTL, offsets do not", async () => {
  let now = 1_000_000;
  const store = new MemoryStore({ ttlSeconds: 60, now: () => now });
  const minute = "2024-03-01T10:00:00.000Z";
  await store.commitWindows({
    group: "g",
    partitions: [{ partition: 0, offset: "5" }],
    rows: [{ metric: "active_users", partition: 0, minute, value: { active_users: 3 } }],
  });
  now += 59_000;
  assert.equal((await store.queryMinutes("active_users", minute, minute)).length, 1);
  now += 1_000;
  assert.deepEqual(await store.queryMinutes("active_users", minute, minute), []);
  assert.deepEqual(await store.appliedOffsets("g"), { 0: "5" });
  await store.close();
});
