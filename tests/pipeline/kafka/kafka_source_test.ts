/**
 * kafkaSource() against the real local broker. kafkajs keeps timers and sockets that close
 * after `disconnect()` resolves, so the op and resource sanitizers are off for these tests.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Admin, Kafka } from "kafkajs";
import type { QuarantineRow, RawRecord } from "../../../operators/types.ts";
import { consumerLag } from "../../../pipeline/kafka/consumer_lag.ts";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { type KafkaBatchMeta, kafkaSource } from "../../../pipeline/kafka/kafka_source.ts";
import { produceEvents } from "../../../pipeline/kafka/produce_events.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";

const kafkaTest = { sanitizeOps: false, sanitizeResources: false };

interface Collected {
  records: RawRecord[];
  quarantine: QuarantineRow[];
  metas: KafkaBatchMeta[];
}

/** Runs `fn` with a client, an admin and a topic namer; the topics it names are deleted after. */
async function withKafka(
  fn: (kafka: Kafka, admin: Admin, topicName: (label: string) => string) => Promise<void>,
): Promise<void> {
  const { kafkaBrokers } = await realServices();
  const kafka = createKafka(kafkaBrokers.split(","));
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  const topicName = (label: string) => {
    topics.push(uniqueName(label));
    return topics[topics.length - 1];
  };
  try {
    await fn(kafka, admin, topicName);
  } finally {
    const existing = await admin.listTopics();
    await admin.deleteTopics({ topics: topics.filter((t) => existing.includes(t)) });
    await admin.disconnect();
  }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Consumes `topic` until `count` records plus quarantine rows arrived, then stops. */
async function consumeAll(kafka: Kafka, topic: string, groupId: string, count: number) {
  const got: Collected = { records: [], quarantine: [], metas: [] };
  const source = await kafkaSource({
    kafka,
    topic,
    groupId,
    onBatch: (batch, meta) => {
      got.records.push(...batch.records);
      got.quarantine.push(...batch.quarantine);
      got.metas.push(meta);
      return Promise.resolve();
    },
  });
  try {
    await waitFor(`${count} messages`, () => got.records.length + got.quarantine.length >= count);
  } finally {
    await source.stop();
  }
  return got;
}

/** A one-partition topic holding `count` events of one user, `e0`, `e1`, … in order. */
async function oneUserTopic(kafka: Kafka, admin: Admin, topic: string, count: number) {
  await ensureTopic(admin, topic, 1);
  const events = Array.from({ length: count }, (_, i) => ({ event_id: `e${i}`, user_id: "u" }));
  const producer = kafka.producer();
  await producer.connect();
  await produceEvents(producer, topic, events, (e) => e.user_id);
  await producer.disconnect();
  return events;
}

function partitionByUser(records: RawRecord[]): Record<string, string> {
  const entries = records.map((r) => [String(r.fields.user_id), r.position.split("@")[0]]);
  return Object.fromEntries(entries.map(([u, p]) => [u, p.slice(p.lastIndexOf("/") + 1)]));
}

async function committed(admin: Admin, groupId: string, topic: string) {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries(offsets.partitions.map((p) => [p.partition, p.offset]));
}

Deno.test({
  name:
    "kafkaSource() delivers every produced event with its position and commits the next offsets",
  ...kafkaTest,
  fn: () =>
    withKafka(async (kafka, admin, topicName) => {
      const topic = topicName("delivery");
      const group = uniqueName("group");
      await ensureTopic(admin, topic);
      const events = Array.from({ length: 300 }, (_, i) => ({
        event_id: `e${i}`,
        user_id: `u${i % 17}`,
        event_type: "view",
      }));
      const producer = kafka.producer();
      await producer.connect();
      await produceEvents(producer, topic, events, (e) => e.user_id);
      await producer.disconnect();

      const got = await consumeAll(kafka, topic, group, events.length);
      assert.equal(got.quarantine.length, 0);
      assert.deepEqual(
        got.records.map((r) => r.fields.event_id).sort(),
        events.map((e) => e.event_id).sort(),
      );
      // A user's events share one partition and keep their order there.
      const partitionOf = new Map<unknown, string>();
      const ends = await admin.fetchTopicOffsets(topic);
      for (const record of got.records) {
        const match = /^(.+)\/(\d+)@(\d+)$/.exec(record.position);
        assert.ok(match, record.position);
        assert.equal(match[1], topic);
        const previous = partitionOf.get(record.fields.user_id);
        assert.ok(previous === undefined || previous === match[2], `user ${record.fields.user_id}`);
        partitionOf.set(record.fields.user_id, match[2]);
      }
      for (const meta of got.metas) assert.ok(BigInt(meta.firstOffset) <= BigInt(meta.lastOffset));
      const expected = Object.fromEntries(
        ends.map((p) => [p.partition, p.high === "0" ? "-1" : p.high]),
      );
      assert.deepEqual(await committed(admin, group, topic), expected);
      assert.equal(await consumerLag(admin, group, topic), 0);
    }),
});

Deno.test({
  name: "kafkaSource() quarantines malformed messages, even a 1 MB one, and keeps consuming",
  ...kafkaTest,
  fn: () =>
    withKafka(async (kafka, admin, topicName) => {
      const topic = topicName("malformed");
      const group = uniqueName("group");
      await ensureTopic(admin, topic, 1);
      const producer = kafka.producer();
      await producer.connect();
      const values: (string | Buffer)[] = [
        '{"event_id":"first"}',
        '{"event_id":',
        "[1,2,3]",
        '"a string"',
        Buffer.from([0x7b, 0xff, 0x7d]),
        JSON.stringify({ event_id: "huge", pad: "x".repeat(1_100_000) }),
        '{"event_id":"last"}',
      ];
      for (const value of values) await producer.send({ topic, messages: [{ value }], acks: -1 });
      await producer.disconnect();

      const got = await consumeAll(kafka, topic, group, values.length);
      assert.deepEqual(got.records.map((r) => [r.position, r.fields.event_id]), [
        [`${topic}/0@0`, "first"],
        [`${topic}/0@6`, "last"],
      ]);
      assert.deepEqual(
        got.quarantine.map((q) => `${q.position} ${q.reason}`),
        [1, 2, 3, 4, 5].map((o) => `${topic}/0@${o} malformed_json`),
      );
      // No text of a value that is not a JSON object is kept: its ids cannot be located.
      assert.ok(got.quarantine.every((q) => q.raw === ""));
      assert.equal(await consumerLag(admin, group, topic), 0);
      assert.deepEqual(await committed(admin, group, topic), { 0: "7" });
    }),
});

Deno.test({
  name:
    "kafkaSource() commits only after onBatch resolves, so a consumer stopped mid-batch leaves the messages to the next one",
  ...kafkaTest,
  fn: () =>
    withKafka(async (kafka, admin, topicName) => {
      const topic = topicName("redelivery");
      const group = uniqueName("group");
      const events = await oneUserTopic(kafka, admin, topic, 10);

      let release!: () => void;
      const gate = new Promise<void>((resolve) => release = resolve);
      const firstSeen: string[] = [];
      const first = await kafkaSource({
        kafka,
        topic,
        groupId: group,
        onBatch: async (batch) => {
          for (const r of batch.records) firstSeen.push(r.position);
          await gate;
        },
      });
      await waitFor("the first delivery", () => firstSeen.length > 0);
      assert.equal(await consumerLag(admin, group, topic), 10);
      const stopping = first.stop(); // the "crash": stop before onBatch resolved
      release();
      await stopping;
      assert.deepEqual(await committed(admin, group, topic), { 0: "-1" });

      const again = await consumeAll(kafka, topic, group, events.length);
      assert.equal(again.records[0].position, `${topic}/0@0`);
      assert.deepEqual(again.records.map((r) => r.fields.event_id), events.map((e) => e.event_id));
      assert.deepEqual(await committed(admin, group, topic), { 0: "10" });
    }),
});

Deno.test({
  name:
    "kafkaSource() reads key:value lines produced by kcat, partitioned like kafkajs with murmur2",
  ...kafkaTest,
  fn: () =>
    withKafka(async (kafka, admin, topicName) => {
      const { kafkaBrokers } = await realServices();
      const topic = topicName("kcat");
      const group = uniqueName("group");
      await ensureTopic(admin, topic, 4);
      const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
      const lines = users.map((u, i) => `${u}:{"event_id":"k${i}","user_id":"${u}"}`).join("\n");
      const kcat = new Deno.Command("kcat", {
        args: [
          "-P",
          "-b",
          kafkaBrokers,
          "-t",
          topic,
          "-K:",
          "-X",
          "topic.partitioner=murmur2_random",
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = kcat.stdin.getWriter();
      await writer.write(new TextEncoder().encode(lines + "\n"));
      await writer.close();
      const status = await kcat.output();
      assert.ok(status.success, new TextDecoder().decode(status.stderr));

      // The same keys through kafkajs land in the same partitions as kcat's murmur2 choice.
      const check = topicName("kcat-check");
      await ensureTopic(admin, check, 4);
      const producer = kafka.producer();
      await producer.connect();
      await produceEvents(producer, check, users.map((u) => ({ user_id: u })), (e) => e.user_id);
      await producer.disconnect();

      const got = await consumeAll(kafka, topic, group, users.length);
      assert.equal(got.quarantine.length, 0);
      assert.deepEqual(
        got.records.map((r) => r.fields.event_id).sort(),
        users.map((_, i) => `k${i}`).sort(),
      );
      const viaKafkajs = await consumeAll(kafka, check, group, users.length);
      assert.deepEqual(partitionByUser(got.records), partitionByUser(viaKafkajs.records));
      assert.ok(new Set(Object.values(partitionByUser(got.records))).size > 1);
    }),
});

Deno.test({
  name: "kafkaSource() replaces a consumer that kafkajs will not restart, and delivers everything",
  ...kafkaTest,
  fn: () =>
    withKafka(async (kafka, admin, topicName) => {
      const topic = topicName("crash");
      const events = await oneUserTopic(kafka, admin, topic, 40);
      // A TypeError is not retriable for kafkajs: its consumer crashes and is not restarted.
      let failures = 0;
      const seen = new Set<unknown>();
      const source = await kafkaSource({
        kafka,
        topic,
        groupId: uniqueName("group"),
        onBatch: (batch) => {
          // Twice: the second crash comes from the replacement, which is replaced in turn.
          if (failures++ < 2) return Promise.reject(new TypeError("a bug in a batch"));
          for (const record of batch.records) seen.add(record.fields.event_id);
          return Promise.resolve();
        },
      });
      try {
        await waitFor(`${events.length} events after the crash`, () => seen.size === events.length);
      } finally {
        await source.stop();
      }
      assert.ok(failures >= 3, "the batch failed twice, then came again");
    }),
});
