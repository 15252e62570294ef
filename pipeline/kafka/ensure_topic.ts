/**
 * Creates a topic unless it exists.
 *
 * @module
 */

import type { Admin } from "kafkajs";

/**
 * Creates `topic` with `partitions` partitions (replication 1) and waits for its leaders; an
 * existing topic is left as it is. Subscribe only after this: with KRaft, subscribing to a topic
 * that does not exist yet fails with `UNKNOWN_TOPIC_OR_PARTITION`.
 *
 * @param admin a connected admin client
 * @param topic topic name
 * @param partitions partition count for a new topic (default 4)
 * @returns true when this call created the topic
 * @example
 * ```ts
 * import type { Admin } from "kafkajs";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function prepare(admin: Admin): Promise<boolean> {
 *   return await ensureTopic(admin, "shopease.activity");
 * }
 * ```
 */
export async function ensureTopic(admin: Admin, topic: string, partitions = 4): Promise<boolean> {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`ensureTopic() partitions must be a positive integer; got ${partitions}`);
  }
  // Asking first keeps the broker's TOPIC_ALREADY_EXISTS reply out of the error log.
  if ((await admin.listTopics()).includes(topic)) return false;
  return await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
}
