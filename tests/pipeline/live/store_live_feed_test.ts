/**
 * The HTTP contract of live data: the console's `/api/<metric>?from=&to=` routes answered from
 * the metrics store through StoreLiveFeed, with the lake reports' columns.
 */
import assert from "node:assert/strict";
import { StoreLiveFeed } from "../../../pipeline/live/store_live_feed.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";
import { createApp } from "../../../server/create_app.ts";
import { SseHub } from "../../../server/sse_hub.ts";

const BASE = "http://127.0.0.1:8080";
const M0 = "2024-01-01T00:00:00.000Z";
const M1 = "2024-01-01T00:01:00.000Z";
const M2 = "2024-01-01T00:02:00.000Z";

async function liveApp(completeThrough?: number) {
  const store = new MemoryStore();
  const value = (view: number, purchase: number) => ({
    view,
    cart: 0,
    remove_from_cart: 0,
    purchase,
  });
  await store.commitWindows({
    group: "g",
    partitions: [{ partition: 0, offset: "9" }, { partition: 1, offset: "4" }],
    rows: [
      { metric: "active_users", partition: 0, minute: M0, value: { active_users: 3 } },
      { metric: "active_users", partition: 1, minute: M0, value: { active_users: 2 } },
      { metric: "active_users", partition: 0, minute: M1, value: { active_users: 1 } },
      { metric: "active_users", partition: 0, minute: M2, value: { active_users: 4 } },
      {
        metric: "conversion",
        partition: 0,
        minute: M0,
        value: { sessions: 3, converted_sessions: 1 },
      },
      {
        metric: "conversion",
        partition: 1,
        minute: M0,
        value: { sessions: 2, converted_sessions: 0 },
      },
      { metric: "event_counts", partition: 0, minute: M0, value: value(5, 1) },
      { metric: "event_counts", partition: 1, minute: M0, value: value(2, 0) },
    ],
  });
  const alert = (minute: string, type: "view" | "purchase", state: "firing" | "resolved") => ({
    id: `${type}:${M0}`,
    event_type: type,
    minute,
    count: 30,
    baseline: 2,
    zscore: 9,
    state,
  });
  await store.publishAlert(alert(M0, "purchase", "firing"));
  await store.publishAlert(alert(M0, "view", "firing"));
  await store.publishAlert(alert(M2, "view", "resolved"));
  const figures = {
    gauges: () => ({ consumer_lag: 0, events_in: 12 }),
    quarantineByReason: () => ({ late: 2 }),
    ...(completeThrough === undefined ? {} : { completeThrough: () => completeThrough }),
  };
  const lakeDir = "/nonexistent/shopease-lake"; // live routes never read the lake
  const live = new StoreLiveFeed(store, figures);
  return createApp({ lakeDir, live, hub: new SseHub(), hostname: "127.0.0.1", port: 8080 });
}

async function get(path: string, completeThrough?: number): Promise<unknown> {
  const res = await (await liveApp(completeThrough)).request(BASE + path);
  assert.equal(res.status, 200, path);
  return await res.json();
}

Deno.test("GET /api/active_users answers [from, to) from the store, partitions summed", async () => {
  assert.deepEqual(await get(`/api/active_users?from=${M0}&to=${M2}`), [
    { minute: M0, active_users: 5 },
    { minute: M1, active_users: 1 },
  ]);
  assert.deepEqual(await get(`/api/active_users?from=${M1}`), [
    { minute: M1, active_users: 1 },
    { minute: M2, active_users: 4 },
  ]);
  assert.deepEqual(await get(`/api/active_users?to=2024-01-01T00:01:30.000Z`), [
    { minute: M0, active_users: 5 },
    { minute: M1, active_users: 1 },
  ]);
});

Deno.test("GET /api/conversion and /api/event_counts have the report columns, counts sparse", async () => {
  assert.deepEqual(await get(`/api/conversion?from=${M0}&to=${M1}`), [
    { minute: M0, sessions: 5, converted_sessions: 1, rate: 0.2 },
  ]);
  assert.deepEqual(await get(`/api/event_counts?from=${M0}&to=${M1}`), [
    { minute: M0, event_type: "view", count: 7 },
    { minute: M0, event_type: "purchase", count: 1 },
  ]);
});

Deno.test("GET /api/alerts lists alerts of [from, to) in minute, then event type order", async () => {
  const alerts = await get(`/api/alerts?from=${M0}`) as {
    minute: string;
    event_type: string;
    state: string;
  }[];
  assert.deepEqual(alerts.map((a) => `${a.minute.slice(14, 16)} ${a.event_type} ${a.state}`), [
    "00 view firing",
    "00 purchase firing",
    "02 view resolved",
  ]);
  assert.equal((await get(`/api/alerts?from=${M0}&to=${M1}`) as unknown[]).length, 2);
});

Deno.test("GET /api/gauges and /healthz answer from the live figures", async () => {
  assert.deepEqual(await get("/api/gauges"), {
    gauges: { consumer_lag: 0, events_in: 12 },
    quarantine: { late: 2 },
    sse_clients: 0,
    scope: "live pipeline since this process started",
  });
  assert.equal((await get("/healthz") as { status: string }).status, "ok");
});

Deno.test("GET /api/active_users marks the minutes after the last complete one as partial", async () => {
  assert.deepEqual(await get(`/api/active_users?from=${M0}`, Date.parse(M0)), [
    { minute: M0, active_users: 5 },
    { minute: M1, active_users: 1, partial: true },
    { minute: M2, active_users: 4, partial: true },
  ]);
  const none = await get(`/api/active_users?from=${M0}&to=${M1}`, -Infinity) as unknown[];
  assert.deepEqual(none, [{ minute: M0, active_users: 5, partial: true }]);
});
