/**
 * Checks, before consuming, that the input topics exist and the co-partitioned pair agrees.
 *
 * @module
 */

import { connectKafka } from "./create_kafka.ts";
import type { Kafka } from "kafkajs";
import type { TableName } from "../../operators/types.ts";
import { checkCoPartitioned, partitionCounts, TopicLayoutError } from "./prepare_topics.ts";
import { TOPIC_TABLES } from "./topic_names.ts";

/**
 * Fails unless every given table's topic exists and, when both are given, activity's and
 * transactions' topics have equal partition counts. Nothing is created: a consumer that made a
 * missing topic would give it the broker's default count, breaking the co-partitioning.
 *
 * @param kafka the client (an admin connects for the check)
 * @param topics the topic of each table to consume
 * @returns the partition count of each given table's topic
 * @throws {TopicLayoutError} one line naming the missing topics and `deno task produce`, or the
 *   one line of `checkCoPartitioned` naming both topics, their counts and the fix
 * @example
 * ```ts
 * import { createKafka } from "./create_kafka.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function check(): Promise<number | undefined> {
 *   const counts = await checkInputTopics(createKafka(["127.0.0.1:9092"]), {
 *     activity: "shopease.activity",
 *     transactions: "shopease.transactions",
 *   });
 *   return counts.get("activity");
 * }
 * ```
 */
export async function checkInputTopics(
  kafka: Kafka,
  topics: Readonly<Partial<Record<TableName, string>>>,
): Promise<Map<TableName, number>> {
  const admin = kafka.admin();
  await connectKafka(kafka, admin);
  let counts: Map<TableName, number>;
  try {
    counts = await partitionCounts(admin, topics);
  } finally {
    await admin.disconnect();
  }
  const missing: string[] = [];
  for (const table of TOPIC_TABLES) {
    const topic = topics[table];
    if (topic !== undefined && !counts.has(table)) missing.push(`${topic} (${table})`);
  }
  if (missing.length > 0) {
    const what = missing.length === 1 ? "topic" : "topics";
    const verb = missing.length === 1 ? "does" : "do";
    throw new TopicLayoutError(
      `input ${what} ${missing.join(", ")} ${verb} not exist; create and fill the input topics ` +
        `with deno task produce (it creates them co-partitioned) before starting`,
    );
  }
  checkCoPartitioned(topics, counts);
  return counts;
}
