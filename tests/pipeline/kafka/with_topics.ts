/**
 * Test helper: a kafkajs client against the real broker and topics that are deleted afterwards.
 *
 * @module
 */

import type { Admin, Kafka } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";

/** kafkajs keeps timers and sockets that close after `disconnect()`: sanitizers off. */
export const kafkaTest = { sanitizeOps: false, sanitizeResources: false };

/** What {@linkcode withTopics} hands its callback. */
export interface TopicsKit {
  kafka: Kafka;
  admin: Admin;
  /** Creates a uniquely named topic with `partitions` partitions; it is deleted after the test. */
  createTopic(label: string, partitions: number): Promise<string>;
  /** A unique topic name that is deleted after the test if something created it. */
  topicName(label: string): string;
}

/**
 * Runs `fn` with a client, a connected admin and a topic maker; every topic named is deleted
 * after, whether `fn` succeeded or not.
 *
 * @param fn the test body
 */
export async function withTopics(fn: (kit: TopicsKit) => Promise<void>): Promise<void> {
  const { kafkaBrokers } = await realServices();
  const kafka = createKafka(kafkaBrokers.split(","));
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  const topicName = (label: string) => {
    topics.push(uniqueName(label));
    return topics[topics.length - 1];
  };
  const createTopic = async (label: string, partitions: number) => {
    const topic = topicName(label);
    // waitForLeaders: kafkajs asks for the metadata at once, and a KRaft broker sometimes answers
    // UNKNOWN_TOPIC_OR_PARTITION for a topic it just created; poll until every leader is known.
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: false,
    });
    const deadline = performance.now() + 10_000;
    for (;;) {
      try {
        const { topics: [meta] } = await admin.fetchTopicMetadata({ topics: [topic] });
        const ready = meta.partitions.length === partitions &&
          meta.partitions.every((p) => p.leader >= 0);
        if (ready) return topic;
      } catch (error) {
        if (performance.now() > deadline) throw error;
      }
      if (performance.now() > deadline) throw new Error(`topic ${topic} has no leaders`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    await fn({ kafka, admin, createTopic, topicName });
  } finally {
    const existing = new Set(await admin.listTopics());
    const mine = topics.filter((t) => existing.has(t));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
  }
}

/**
 * Polls `check` every 50 ms until it holds.
 *
 * @param what named in the timeout error
 * @param check the condition
 * @param timeoutMs give up after this long (default 20 s)
 */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
