/**
 * kill -9 of the consumer process at several points of a 200,000-event stream, and restarts:
 * the Redis metrics end equal to those of an uninterrupted run.
 */
import assert from "node:assert/strict";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import type { MetricsStore } from "../../../pipeline/store/metrics_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import {
  type ChildSettings,
  dropPrefix,
  events,
  metrics,
  produce,
  produceSentinels,
  quality,
  spawnConsumer,
  waitClosed,
} from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;
const PARTITIONS = 4;

async function processed(store: MetricsStore, group: string): Promise<number> {
  let sum = 0;
  for (const p of (await store.readProgress(group)).partitions.values()) {
    sum += Number(p.processed ?? 0);
  }
  return sum;
}

/** Runs one consumer to the end of the stream, then stops it with SIGTERM (exit 0). */
async function uninterrupted(settings: ChildSettings, store: MetricsStore, through: number) {
  const child = spawnConsumer(settings);
  await waitClosed(store, settings.group, PARTITIONS, through, 90_000);
  child.kill("SIGTERM");
  assert.equal((await child.status).code, 0, "a clean stop exits 0");
}

Deno.test({
  name:
    "the consumer killed with SIGKILL three times mid-stream and restarted stores exactly the metrics of an uninterrupted run",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const list = events(200_000, 200, 21);
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName("crash");
    const base = { brokers: kafkaBrokers, redisUrl, topic, lateness: LATENESS };
    const reference = {
      ...base,
      group: uniqueName("ref"),
      prefix: `shopease:${uniqueName("ref")}:`,
    };
    const crashed = {
      ...base,
      group: uniqueName("crash"),
      prefix: `shopease:${uniqueName("crash")}:`,
    };
    const refStore = await RedisStore.connect(redisUrl, { prefix: reference.prefix });
    const store = await RedisStore.connect(redisUrl, { prefix: crashed.prefix });
    try {
      await ensureTopic(admin, topic, PARTITIONS);
      await produce(kafka, topic, list);
      const last = Date.parse(list[list.length - 1].event_time);
      const sentinel = await produceSentinels(kafka, topic, PARTITIONS, last);
      const through = sentinel - LATENESS;
      await uninterrupted(reference, refStore, through);

      const total = list.length + PARTITIONS;
      const kills: number[] = [];
      for (const share of [0.2, 0.45, 0.7]) {
        const child = spawnConsumer(crashed);
        const deadline = Date.now() + 60_000;
        while ((await processed(store, crashed.group)) < share * total) {
          if (Date.now() > deadline) throw new Error(`no progress to ${share * 100}% of ${total}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 150)));
        child.kill("SIGKILL");
        await child.status;
        kills.push(await processed(store, crashed.group));
      }
      assert.ok(kills[2] < total, `the last kill came mid-stream (${kills} of ${total})`);
      await uninterrupted(crashed, store, through);

      const expected = await metrics(refStore, sentinel);
      assert.ok(expected.active_users.length > 15, `${expected.active_users.length} minutes`);
      assert.deepEqual(await metrics(store, sentinel), expected, `killed at ${kills} of ${total}`);
      const counts = await quality(store, crashed.group);
      assert.deepEqual(counts, await quality(refStore, reference.group));
      assert.equal(counts.valid, total);
    } finally {
      await refStore.close();
      await store.close();
      await dropPrefix(redisUrl, reference.prefix);
      await dropPrefix(redisUrl, crashed.prefix);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  },
});
