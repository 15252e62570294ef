/**
 * Faults while the live runner consumes: Redis restarted (losing every key) and the broker
 * restarted mid-stream, poison messages among the events. The consumer recovers by itself, ends
 * with the metrics of an undisturbed run, quarantines the poison and catches up (lag 0).
 *
 * The services restarted are this test's own, on spare ports in a temporary folder: never the
 * shared ones of `KAFKA_BROKERS` / `REDIS_URL` (or 9092 / 6379), which other runs are using.
 */
import assert from "node:assert/strict";
import type { Kafka } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { processingLag } from "../../../pipeline/live/live_monitor.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { restartKafka, restartRedis } from "../../../dev/services/restart_services.ts";
import type { ServicesOptions } from "../../../dev/services/service_paths.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { startOwnServices } from "../../dev/services/own_services.ts";
import { uniqueName } from "../../dev/services/real_services.ts";
import {
  dropPrefix,
  events,
  metrics,
  produceSentinels,
  quality,
  TEST_KEY,
  waitClosed,
} from "./live_fixture.ts";

const LATENESS = 60_000;
const PARTITIONS = 4;

const POISON: string[] = [
  '{"event_time": "2024-01-01T00:03:00Z", "event_type": "view", "product_id"',
  JSON.stringify({
    event_time: "2024-01-01T00:03:00Z",
    event_type: "view",
    product_id: "p1",
    user_id: { id: 7 },
    user_session: "s1",
  }),
  JSON.stringify({
    event_time: "2024-01-01T00:03:00Z",
    event_type: "teleport",
    product_id: "p1",
    user_id: "u",
    user_session: "s",
  }),
  JSON.stringify({ pad: "x".repeat(1_100_000) }),
];

/**
 * Sends messages, retrying while the broker is away. Idempotent: on a loaded machine a produce
 * request can time out after the broker appended it, and a plain producer's retry then put the
 * batch in the topic twice (61,873 messages for 60,004, seen in a CI run beside other work).
 */
async function send(
  kafka: Kafka,
  topic: string,
  messages: { key?: string; value: string; partition?: number }[],
) {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 30, maxRetryTime: 2_000 },
  });
  try {
    for (let attempt = 0;; attempt++) {
      try {
        await producer.connect(); // again after a failure: the broker may have been away
        await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
        return;
      } catch (error) {
        if (attempt >= 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

Deno.test({
  name:
    "the live runner survives a Redis restart and a broker restart mid-stream, quarantines poison messages and catches up",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const own = await startOwnServices();
    try {
      await faults(own.kafkaBrokers, own.redisUrl, own.options);
    } finally {
      await own.stop();
    }
  },
});

async function faults(kafkaBrokers: string, redisUrl: string, services: ServicesOptions) {
  const list = events(60_000, 100, 41);
  const kafka = createKafka(kafkaBrokers.split(","), {
    retry: { retries: 30, maxRetryTime: 2_000 },
  });
  const topic = uniqueName("faults");
  const faulty = { group: uniqueName("faulty"), prefix: `shopease:${uniqueName("faulty")}:` };
  const calm = { group: uniqueName("calm"), prefix: `shopease:${uniqueName("calm")}:` };
  const options = {
    kafka,
    topic,
    pseudonym: createPseudonymizer(TEST_KEY),
    lateness: LATENESS,
    idleTimeoutMs: 10_000,
    fromBeginning: true,
    sessionTimeoutMs: 6_000,
  };
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopic(admin, topic, PARTITIONS);
  const store = await RedisStore.connect(redisUrl, { prefix: faulty.prefix });
  const live = await startKafkaLive({ ...options, ...faulty, store });
  let stopped = false;
  try {
    // 15 slices of 4,000 events, a slice every 600 ms; poison after the fifth slice. No send is
    // in flight while the broker restarts: a batch the broker appended but whose answer the
    // restart lost would be retried and be in the topic twice (seen on a loaded machine), and
    // the consumers would rightly count it twice. The consumer still meets the restart
    // mid-stream, with a backlog before it and slices after it.
    let paused: Promise<void> | null = null;
    let inFlight: Promise<void> = Promise.resolve();
    const gatedSend = async (messages: Parameters<typeof send>[2]) => {
      while (paused !== null) await paused;
      inFlight = send(kafka, topic, messages);
      await inFlight;
    };
    const producing = (async () => {
      for (let slice = 0; slice < 15; slice++) {
        const part = list.slice(slice * 4_000, (slice + 1) * 4_000);
        await gatedSend(part.map((e) => ({ key: e.user_id, value: JSON.stringify(e) })));
        if (slice === 4) await gatedSend(POISON.map((value) => ({ value, partition: 0 })));
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    })();
    // Awaited below; a failure meanwhile must not be an unhandled rejection (it ends the run).
    producing.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await restartRedis(services);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    let resume = () => {};
    paused = new Promise((resolve) => resume = resolve);
    await inFlight;
    try {
      await restartKafka(services);
    } finally {
      paused = null;
      resume();
    }
    await producing;
    // The input itself is exact: no message lost or doubled by the restart.
    let produced = 0n;
    for (const { high } of (await live.topicOffsets()).values()) produced += high;
    assert.equal(produced, BigInt(list.length + POISON.length), "messages in the topic");
    const last = Date.parse(list[list.length - 1].event_time);
    const sentinel = await produceSentinels(kafka, topic, PARTITIONS, last);
    await waitClosed(store, faulty.group, PARTITIONS, sentinel - LATENESS, 120_000);
    assert.equal(
      processingLag(await store.readProgress(faulty.group), await live.topicOffsets()),
      0,
    );
    await live.stop();
    stopped = true;

    const calmStore = await RedisStore.connect(redisUrl, { prefix: calm.prefix });
    try {
      const reference = await startKafkaLive({ ...options, ...calm, store: calmStore });
      try {
        await waitClosed(calmStore, calm.group, PARTITIONS, sentinel - LATENESS);
      } finally {
        await reference.stop();
      }
      const expected = await metrics(calmStore, sentinel);
      assert.ok(expected.active_users.length > 8, `${expected.active_users.length} minutes`);
      assert.deepEqual(await metrics(store, sentinel), expected);
      const counts = await quality(store, faulty.group);
      assert.deepEqual(counts, await quality(calmStore, calm.group));
      assert.deepEqual(counts, {
        valid: list.length + PARTITIONS,
        malformed_json: 2,
        "invalid_value:user_id": 1,
        unknown_type: 1,
      });
    } finally {
      await calmStore.close();
    }
  } finally {
    if (!stopped) await live.stop().catch(() => {});
    await store.close();
    await dropPrefix(redisUrl, faulty.prefix);
    await dropPrefix(redisUrl, calm.prefix);
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
}
