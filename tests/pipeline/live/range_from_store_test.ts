/**
 * The console's time-range control asks `/api/<metric>?from=&to=` for its window; those answers
 * come from the metrics store, memory or Redis alike, for any window the store still holds (not
 * only the two hours a page keeps).
 */
import assert from "node:assert/strict";
import { StoreLiveFeed } from "../../../pipeline/live/store_live_feed.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";
import type { MetricsStore } from "../../../pipeline/store/metrics_store.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { createApp } from "../../../server/create_app.ts";
import { SseHub } from "../../../server/sse_hub.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { dropPrefix } from "./live_fixture.ts";

const START = Date.UTC(2024, 0, 1);
const MINUTES = 24 * 60; // a day of minutes, one user more each minute
const iso = (i: number) => new Date(START + i * 60_000).toISOString();

async function fill(store: MetricsStore): Promise<void> {
  const rows = [];
  for (let i = 0; i < MINUTES; i++) {
    rows.push({
      metric: "active_users" as const,
      partition: 0,
      minute: iso(i),
      value: { active_users: i + 1 },
    });
  }
  await store.commitWindows({ group: "g", partitions: [{ partition: 0, offset: "1" }], rows });
}

async function windows(store: MetricsStore): Promise<void> {
  await fill(store);
  const live = new StoreLiveFeed(store, { gauges: () => ({}), quarantineByReason: () => ({}) });
  const app = createApp({
    lakeDir: "/nonexistent/shopease-lake",
    live,
    hub: new SseHub(),
    hostname: "127.0.0.1",
    port: 8080,
  });
  const get = async (from: number, to: number) => {
    const res = await app.request(
      `http://127.0.0.1:8080/api/active_users?from=${iso(from)}&to=${iso(to)}`,
    );
    assert.equal(res.status, 200);
    return (await res.json()) as { minute: string; active_users: number }[];
  };
  // The console's presets, ending after the newest minute: 15 min, 1 h, 6 h, 24 h.
  for (const span of [15, 60, 360, 1440]) {
    const rows = await get(MINUTES - span, MINUTES);
    assert.equal(rows.length, span, `last ${span} minutes`);
    assert.equal(rows[0].minute, iso(MINUTES - span));
    assert.equal(rows.at(-1)!.active_users, MINUTES);
  }
  // A custom window in the middle of the day.
  const custom = await get(600, 610);
  assert.deepEqual(custom.map((r) => r.active_users), [
    601,
    602,
    603,
    604,
    605,
    606,
    607,
    608,
    609,
    610,
  ]);
}

Deno.test("range queries of the console are served by the memory store", async () => {
  const store = new MemoryStore();
  try {
    await windows(store);
  } finally {
    await store.close();
  }
});

Deno.test("range queries of the console are served by the Redis store", async () => {
  const { redisUrl } = await realServices();
  const prefix = `shopease:${uniqueName("range")}:`;
  const store = await RedisStore.connect(redisUrl, { prefix });
  try {
    await windows(store);
  } finally {
    await store.close();
    await dropPrefix(redisUrl, prefix);
  }
});
