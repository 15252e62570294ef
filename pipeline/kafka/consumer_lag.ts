/**
 * Consumer group lag: how many messages the group has yet to consume.
 *
 * @module
 */

import type { Admin } from "kafkajs";

/**
 * Sums, over the topic's partitions, the log end offset minus the group's committed offset (or
 * minus the log start offset where the group has committed nothing).
 *
 * @param admin a connected admin client
 * @param groupId consumer group id
 * @param topic topic name
 * @returns the total lag in messages
 * @example
 * ```ts
 * import type { Admin } from "kafkajs";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function logLag(admin: Admin) {
 *   const lag = await consumerLag(admin, "shopease", "shopease.activity");
 *   console.log(`${lag} messages behind`);
 * }
 * ```
 */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, groups] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committed = new Map<number, bigint>();
  for (const group of groups) {
    for (const p of group.partitions) committed.set(p.partition, BigInt(p.offset));
  }
  let lag = 0n;
  for (const p of ends) {
    const at = committed.get(p.partition) ?? -1n;
    const from = at >= 0n ? at : BigInt(p.low);
    const behind = BigInt(p.high) - from;
    if (behind > 0n) lag += behind;
  }
  return Number(lag);
}
