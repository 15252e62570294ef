/**
 * A topic deleted and re-created under the live runner, between two runs and while it runs: the
 * new topic's messages (offsets below the stored progress) are counted, once, as a new stream of
 * the partition, with one warning naming topic, partition and offsets; the old topic's counts
 * stay. Against the real Kafka and Redis.
 */
import assert from "node:assert/strict";
import type { Admin, Kafka } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { type KafkaLive, startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { log } from "../../../pipeline/log.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { dropPrefix, events, produce, START, TEST_KEY } from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;
const PARTITIONS = 2;

/** Event counts stored for every minute of the test's events, summed. */
async function counted(store: RedisStore): Promise<number> {
  const rows = await store.queryMinutes(
    "event_counts",
    new Date(START).toISOString(),
    new Date(START + 86_400_000).toISOString(),
  );
  return rows.reduce((sum, row) => sum + row.count, 0);
}

/** Valid records in the stored progress, summed over partitions. */
async function valid(store: RedisStore, group: string): Promise<number> {
  let sum = 0;
  for (const p of (await store.readProgress(group)).partitions.values()) {
    sum += p.quality?.valid ?? 0;
  }
  return sum;
}

async function waitCounted(
  store: RedisStore,
  group: string,
  want: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [events, records] = [await counted(store), await valid(store, group)];
    if (events === want && records === want) return;
    if (Date.now() > deadline) {
      throw new Error(`store counts ${events} events, ${records} valid records; want ${want}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function createTopic(admin: Admin, topic: string): Promise<void> {
  // Right after a delete the broker may still be removing the old topic.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: PARTITIONS }],
        waitForLeaders: true,
      });
      if (created) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function recreate(admin: Admin, topic: string): Promise<void> {
  await admin.deleteTopics({ topics: [topic] });
  const deadline = Date.now() + 30_000;
  while ((await admin.listTopics()).includes(topic)) {
    if (Date.now() > deadline) throw new Error(`${topic} still listed after its delete`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await createTopic(admin, topic);
}

interface Setup {
  kafka: Kafka;
  admin: Admin;
  store: RedisStore;
  topic: string;
  group: string;
  warnings: string[];
  start(): Promise<KafkaLive>;
}

async function withSetup(label: string, body: (setup: Setup) => Promise<void>): Promise<void> {
  const kafka = createKafka(kafkaBrokers.split(","));
  const admin = kafka.admin();
  const topic = uniqueName(label);
  const group = uniqueName("group");
  const prefix = `shopease:${uniqueName(label)}:`;
  await admin.connect();
  const store = await RedisStore.connect(redisUrl, { prefix });
  const warnings: string[] = [];
  const warn = log.warn;
  log.warn = (message) => {
    warnings.push(message);
    warn(message);
  };
  const pseudonym = createPseudonymizer(TEST_KEY);
  try {
    await createTopic(admin, topic);
    await body({
      kafka,
      admin,
      store,
      topic,
      group,
      warnings,
      start: () =>
        startKafkaLive({
          kafka,
          topic,
          group,
          store,
          pseudonym,
          lateness: LATENESS,
          idleTimeoutMs: 1_000,
          fromBeginning: true,
          partitions: PARTITIONS,
        }),
    });
  } finally {
    log.warn = warn;
    await store.close();
    await dropPrefix(redisUrl, prefix);
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
}

/** Warnings that name the re-created topic. */
function recreatedWarnings(warnings: string[], topic: string): string[] {
  return warnings.filter((w) => w.includes(topic) && w.includes("re-created"));
}

Deno.test({
  name: "a topic re-created between two runs: its new messages are counted once, with a warning",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withSetup(
      "recreated-between",
      async ({ kafka, admin, store, topic, group, warnings, start }) => {
        const first = events(900, 5, 31);
        const second = events(400, 5, 32); // the same minutes: the old counts must not be replaced
        await produce(kafka, topic, first);
        let live = await start();
        try {
          await waitCounted(store, group, first.length, 60_000);
        } finally {
          await live.stop();
        }
        await recreate(admin, topic);
        await produce(kafka, topic, second);
        live = await start();
        try {
          await waitCounted(store, group, first.length + second.length, 30_000);
        } finally {
          await live.stop();
        }
        const named = recreatedWarnings(warnings, topic);
        assert.ok(named.length >= 1 && named.length <= PARTITIONS, `warnings: ${warnings}`);
        // A restart on the new topic is an ordinary restart: nothing counted twice, no warning.
        const before = warnings.length;
        live = await start();
        try {
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          assert.equal(await counted(store), first.length + second.length);
        } finally {
          await live.stop();
        }
        assert.deepEqual(recreatedWarnings(warnings.slice(before), topic), []);
      },
    ),
});

Deno.test({
  name: "a topic re-created while the runner runs: its new messages are counted once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withSetup(
      "recreated-running",
      async ({ kafka, admin, store, topic, group, warnings, start }) => {
        const first = events(900, 5, 33);
        const second = events(400, 5, 34);
        await produce(kafka, topic, first);
        const live = await start();
        try {
          await waitCounted(store, group, first.length, 60_000);
          await recreate(admin, topic);
          await produce(kafka, topic, second);
          await waitCounted(store, group, first.length + second.length, 45_000);
        } finally {
          await live.stop();
        }
        const named = recreatedWarnings(warnings, topic);
        assert.ok(named.length >= 1 && named.length <= PARTITIONS, `warnings: ${warnings}`);
      },
    ),
});
