import assert from "node:assert/strict";
import type { Admin, Producer } from "kafkajs";
import { createProducer } from "../../../pipeline/kafka/create_producer.ts";
import { realServices } from "../../dev/services/real_services.ts";
import { lostAnswerKafka } from "./lost_answer.ts";
import { kafkaTest, withTopics } from "./with_topics.ts";

/** Sends three messages in one request and returns how many the topic holds after. */
async function sendThree(producer: Producer, admin: Admin, topic: string): Promise<number> {
  await producer.connect();
  try {
    const messages = ["a", "b", "c"].map((value) => ({ key: value, value }));
    await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
  } finally {
    await producer.disconnect();
  }
  const [{ high }] = await admin.fetchTopicOffsets(topic);
  return Number(high);
}

Deno.test(
  "createProducer: a batch whose answer was lost is retried into the topic once, not twice",
  kafkaTest,
  () =>
    withTopics(async ({ admin, createTopic }) => {
      const brokers = (await realServices()).kafkaBrokers.split(",");

      // The fault is real: a plain producer's retry appends the batch a second time.
      const plain = lostAnswerKafka(brokers);
      const plainTopic = await createTopic("lost-answer-plain", 1);
      assert.equal(await sendThree(plain.kafka.producer(), admin, plainTopic), 6);
      assert.equal(plain.dropped(), 1);

      const lossy = lostAnswerKafka(brokers);
      const topic = await createTopic("lost-answer-idempotent", 1);
      assert.equal(await sendThree(createProducer(lossy.kafka), admin, topic), 3);
      assert.equal(lossy.dropped(), 1);
    }),
);
