/**
 * RedisStore against the real local Redis, each test under its own key prefix.
 */
import assert from "node:assert/strict";
import { createClient } from "redis";
import type { StoredAlert } from "../../../pipeline/store/metrics_store.ts";
import { ensureRedis, stopRedis } from "../../../dev/services/redis_server.ts";
import { type ServicePaths, servicePaths } from "../../../dev/services/service_paths.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { sparePorts } from "../../dev/services/own_services.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { storeContract } from "./store_contract.ts";

const { redisUrl } = await realServices();

function rawClient() {
  return createClient({ url: redisUrl });
}

async function withRaw<T>(fn: (raw: ReturnType<typeof rawClient>) => Promise<T>): Promise<T> {
  const raw = rawClient();
  await raw.connect();
  try {
    return await fn(raw);
  } finally {
    await raw.close();
  }
}

/** Deletes every key of a test prefix. */
async function dropPrefix(prefix: string): Promise<void> {
  await withRaw(async (raw) => {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(keys);
  });
}

storeContract("RedisStore", async () => {
  const prefix = `shopease:${uniqueName("store")}:`;
  const store = await RedisStore.connect(redisUrl, { prefix });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await dropPrefix(prefix);
  };
  return store;
});

Deno.test("RedisStore: per-minute keys and the minute index expire after the TTL, offsets never", async () => {
  const prefix = `shopease:${uniqueName("ttl")}:`;
  const store = await RedisStore.connect(redisUrl, { prefix, ttlSeconds: 3600 });
  const minute = "2024-03-01T10:00:00.000Z";
  try {
    await store.commitWindows({
      group: "g",
      partitions: [{ partition: 2, offset: "5" }],
      rows: [{ metric: "active_users", partition: 2, minute, value: { active_users: 3 } }],
    });
    await withRaw(async (raw) => {
      const ttl = await raw.pTTL(`${prefix}m:active_users:${minute}`);
      assert.ok(ttl > 3_590_000 && ttl <= 3_600_000, `ttl ${ttl}`);
      assert.ok((await raw.pTTL(`${prefix}minutes:active_users`)) > 3_590_000);
      assert.equal(await raw.pTTL(`${prefix}offsets:g`), -1);
      assert.deepEqual({ ...(await raw.hGetAll(`${prefix}m:active_users:${minute}`)) }, {
        "2:active_users": "3",
      });
      // An expired minute disappears from queries and from the index.
      await raw.del(`${prefix}m:active_users:${minute}`);
    });
    assert.deepEqual(await store.queryMinutes("active_users", minute, minute), []);
    await withRaw(async (raw) => assert.equal(await raw.zCard(`${prefix}minutes:active_users`), 0));
  } finally {
    await store.close();
    await dropPrefix(prefix);
  }
});

Deno.test("RedisStore: a reader never sees results without the offsets they came with", async () => {
  const prefix = `shopease:${uniqueName("atomic")}:`;
  const store = await RedisStore.connect(redisUrl, { prefix });
  const minute = "2024-03-01T10:00:00.000Z";
  const raw = rawClient();
  await raw.connect();
  let done = false;
  let checks = 0;
  try {
    const reader = (async () => {
      while (!done) {
        const [value, offset] = await raw.multi()
          .hGet(`${prefix}m:active_users:${minute}`, "0:active_users")
          .hGet(`${prefix}offsets:g`, "0")
          .exec() as unknown as [string | null, string | null];
        assert.equal(value, offset, `results ${value} stored with offset ${offset}`);
        checks++;
      }
    })();
    // Each commit is ~40 KB, more than Redis reads from one client at a time (16 KB): without
    // MULTI/EXEC the reader could run between the first value and the offsets.
    const filler = Array.from(
      { length: 300 },
      (_, k) => new Date(Date.parse(minute) + (k + 1) * 60_000).toISOString(),
    );
    for (let i = 1; i <= 60; i += 4) {
      const writes: Promise<unknown>[] = [];
      for (let j = i; j < i + 4; j++) {
        writes.push(store.commitWindows({
          group: "g",
          partitions: [{ partition: 0, offset: String(j) }],
          rows: [
            { metric: "active_users", partition: 0, minute, value: { active_users: j } },
            ...filler.map((m) => ({
              metric: "event_counts" as const,
              partition: 0,
              minute: m,
              value: { view: j, cart: 0, remove_from_cart: 0, purchase: 0 },
            })),
          ],
        }));
      }
      await Promise.all(writes);
    }
    done = true;
    await reader;
    assert.ok(checks > 10, `only ${checks} reads`);
    assert.deepEqual(await store.appliedOffsets("g"), { 0: "60" });
  } finally {
    done = true;
    await raw.close();
    await store.close();
    await dropPrefix(prefix);
  }
});

Deno.test("RedisStore: two connections share results, offsets and alerts, as two processes would", async () => {
  const prefix = `shopease:${uniqueName("shared")}:`;
  const a = await RedisStore.connect(redisUrl, { prefix });
  const b = await RedisStore.connect(redisUrl, { prefix });
  const minute = "2024-03-01T10:00:00.000Z";
  try {
    const received: StoredAlert[] = [];
    const subscription = b.subscribeAlerts((row) => received.push(row));
    await subscription.ready;
    await a.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset: "3" }],
      rows: [{ metric: "active_users", partition: 0, minute, value: { active_users: 2 } }],
    });
    await b.commitWindows({
      group: "g",
      partitions: [{ partition: 1, offset: "8" }],
      rows: [{ metric: "active_users", partition: 1, minute, value: { active_users: 5 } }],
    });
    assert.deepEqual(await a.queryMinutes("active_users", minute, minute), [{
      minute,
      active_users: 7,
    }]);
    assert.deepEqual(await a.appliedOffsets("g"), { 0: "3", 1: "8" });
    const row: StoredAlert = {
      id: "cart:x",
      event_type: "cart",
      minute,
      count: 80,
      baseline: 10,
      zscore: 7,
      state: "firing",
    };
    assert.equal(await a.publishAlert(row), true);
    assert.equal(await b.publishAlert(row), false);
    const deadline = Date.now() + 5_000;
    while (received.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(received, [row]);
  } finally {
    await a.close();
    await b.close();
    await dropPrefix(prefix);
  }
});

Deno.test("RedisStore.connect() fails fast, naming the URL, when nothing listens", async () => {
  const started = Date.now();
  await assert.rejects(
    RedisStore.connect("redis://127.0.0.1:1"),
    /cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/,
  );
  assert.ok(Date.now() - started < 5_000);
});

Deno.test("RedisStore.connect() names Redis's refusal of the credentials, at once, password masked", async () => {
  const url = new URL(redisUrl);
  url.username = "nobody";
  url.password = "wrong-secret";
  const started = Date.now();
  await assert.rejects(RedisStore.connect(url.href), (error: Error) => {
    assert.match(
      error.message,
      /^cannot connect to Redis at redis:\/\/nobody:\*\*\*@.*: WRONGPASS /,
    );
    assert.doesNotMatch(error.message, /wrong-secret/);
    return true;
  });
  assert.ok(Date.now() - started < 3_000, `gave up after ${Date.now() - started} ms`);
});

Deno.test("RedisStore.readProgress() names the key of a foreign type and Redis's WRONGTYPE", async () => {
  const prefix = `shopease:${uniqueName("wrongtype")}:`;
  await withRaw((raw) => raw.hSet(`${prefix}epoch`, "not", "ours"));
  const store = await RedisStore.connect(redisUrl, { prefix });
  try {
    await assert.rejects(
      store.readProgress("g"),
      new RegExp(`^Error: Redis key ${prefix}epoch: WRONGTYPE `),
    );
  } finally {
    await store.close();
    await dropPrefix(prefix);
  }
});

/**
 * Starts a Redis server of this test's own on a spare port (20000-32000), trying new ports while
 * the chosen one is taken before the server binds it, or answered by a Redis that is not ours.
 */
async function ownRedis(dir: string): Promise<ServicePaths> {
  for (let attempt = 1;; attempt++) {
    const [redisPort] = await sparePorts(1);
    const paths = servicePaths({ dir, redisPort });
    try {
      if (await ensureRedis(paths)) return paths;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

Deno.test("RedisStore reconnects after a Redis restart and keeps committing (the restart lost the data)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "shopease-redis-" });
  const paths = await ownRedis(dir);
  const store = await RedisStore.connect(`redis://127.0.0.1:${paths.redisPort}`);
  const minute = "2024-03-01T10:00:00.000Z";
  const commit = (offset: string) =>
    store.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset }],
      rows: [{ metric: "active_users", partition: 0, minute, value: { active_users: 1 } }],
    });
  try {
    await commit("1");
    assert.equal(await stopRedis(paths), "terminated");
    await ensureRedis(paths);
    assert.deepEqual(await store.appliedOffsets("g"), {});
    await commit("2");
    assert.deepEqual(await store.appliedOffsets("g"), { 0: "2" });
  } finally {
    await store.close();
    await stopRedis(paths);
    await Deno.remove(dir, { recursive: true });
  }
});
