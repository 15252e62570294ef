/**
 * Where the input topics end now: the goal of `consume --until-caught-up`.
 *
 * @module
 */

import { connectKafka } from "../kafka/create_kafka.ts";
import type { Kafka } from "kafkajs";
import type { TableName } from "../../operators/types.ts";
import { checkInputTopics } from "../kafka/check_input_topics.ts";

/**
 * Each table's end offsets per partition, as the topics are now. A missing topic is named first
 * (with the pointer to `deno task produce`), as the source would name it.
 *
 * @param kafka the client
 * @param topics the topic of each table
 * @returns per table, the end offset of each partition
 * @throws TopicLayoutError naming missing or not co-partitioned topics
 */
export async function endOffsets(
  kafka: Kafka,
  topics: Partial<Record<TableName, string>>,
): Promise<Map<TableName, Map<number, bigint>>> {
  await checkInputTopics(kafka, topics);
  const admin = kafka.admin();
  await connectKafka(kafka, admin);
  try {
    const out = new Map<TableName, Map<number, bigint>>();
    for (const [table, topic] of Object.entries(topics) as [TableName, string][]) {
      const offsets = await admin.fetchTopicOffsets(topic);
      out.set(table, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}
