/**
 * Creates the four input topics where missing and checks that the co-partitioned pair agrees.
 *
 * @module
 */

import type { Admin } from "kafkajs";
import type { TableName } from "../../operators/types.ts";
import { TOPIC_TABLES } from "./topic_names.ts";

/** Tables keyed by user id whose topics must have equal partition counts (the purchase join). */
export const CO_PARTITIONED: readonly [TableName, TableName] = ["activity", "transactions"];

/**
 * A topic layout the pipeline cannot use; the message is one line saying what is wrong and how
 * to fix it.
 */
export class TopicLayoutError extends Error {}

/**
 * Makes sure every input topic exists and activity and transactions are co-partitioned.
 *
 * A missing topic is created (replication 1) with `partitions` partitions, except that a missing
 * member of the co-partitioned pair gets its partner's count when the partner exists. Existing
 * topics are never changed: when activity and transactions have different counts, the call
 * fails with a {@linkcode TopicLayoutError} naming both counts and the fix.
 *
 * @param admin A connected admin client.
 * @param topics The topic of every table.
 * @param partitions Partition count of new topics.
 * @returns The partition count of every table's topic.
 * @throws {TopicLayoutError} when activity and transactions differ.
 * @example
 * ```ts
 * import type { Admin } from "kafkajs";
 * import { topicNames } from "./topic_names.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function prepare(admin: Admin): Promise<number> {
 *   return (await prepareTopics(admin, topicNames(), 6)).get("activity")!;
 * }
 * ```
 */
export async function prepareTopics(
  admin: Admin,
  topics: Readonly<Record<TableName, string>>,
  partitions: number,
): Promise<Map<TableName, number>> {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(
      `prepareTopics() partitions must be a positive integer; got ${partitions}`,
    );
  }
  const counts = await partitionCounts(admin, topics);
  const [a, b] = CO_PARTITIONED;
  const toCreate: { topic: string; numPartitions: number; replicationFactor: number }[] = [];
  for (const table of TOPIC_TABLES) {
    if (counts.has(table)) continue;
    const partner = table === a ? b : table === b ? a : undefined;
    const count = (partner !== undefined ? counts.get(partner) : undefined) ?? partitions;
    counts.set(table, count);
    toCreate.push({ topic: topics[table], numPartitions: count, replicationFactor: 1 });
  }
  checkCoPartitioned(topics, counts);
  if (toCreate.length > 0) {
    await admin.createTopics({ topics: toCreate, waitForLeaders: true });
  }
  return counts;
}

/**
 * Fails unless the topics of activity and transactions have the same partition count.
 *
 * @param topics The topic of each table (for the message).
 * @param counts Partition count per table; a table without a count is not checked.
 * @throws {TopicLayoutError} naming both topics, their counts and the fix.
 */
export function checkCoPartitioned(
  topics: Readonly<Partial<Record<TableName, string>>>,
  counts: ReadonlyMap<TableName, number>,
): void {
  const [a, b] = CO_PARTITIONED;
  const countA = counts.get(a);
  const countB = counts.get(b);
  if (countA === undefined || countB === undefined || countA === countB) return;
  const [small, large] = countA < countB ? [a, b] : [b, a];
  throw new TopicLayoutError(
    `topics ${topics[a]} (${countA} partitions) and ${topics[b]} (${countB} partitions) must ` +
      `have the same partition count, since both are keyed by user id and joined per partition; ` +
      `add partitions to ${topics[small]} with kafka-topics.sh --alter --partitions ` +
      `${Math.max(countA, countB)} before producing (or recreate both) — ${
        topics[large]
      } keeps its count`,
  );
}

/**
 * Partition counts of the tables' topics that exist.
 *
 * @param admin A connected admin client.
 * @param topics The topic of each table to look at.
 * @returns The partition count of each table whose topic exists; missing topics have none.
 * @example
 * ```ts
 * import type { Admin } from "kafkajs";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function exists(admin: Admin): Promise<boolean> {
 *   return (await partitionCounts(admin, { reviews: "shopease.reviews" })).has("reviews");
 * }
 * ```
 */
export async function partitionCounts(
  admin: Admin,
  topics: Readonly<Partial<Record<TableName, string>>>,
): Promise<Map<TableName, number>> {
  const existing = new Set(await admin.listTopics());
  const present = TOPIC_TABLES.filter((table) => {
    const topic = topics[table];
    return topic !== undefined && existing.has(topic);
  });
  const counts = new Map<TableName, number>();
  if (present.length === 0) return counts;
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => topics[t]!) });
  for (const table of present) {
    const topic = metadata.topics.find((entry) => entry.name === topics[table]);
    if (topic !== undefined) counts.set(table, topic.partitions.length);
  }
  return counts;
}
