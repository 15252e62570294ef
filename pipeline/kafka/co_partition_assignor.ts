/**
 * A kafkajs partition assigner that keeps partition _n_ of every topic on one member.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import {
  AssignerProtocol,
  type Assignment,
  type GroupMember,
  type GroupMemberAssignment,
  type PartitionAssigner,
} from "kafkajs";

/** The group protocol name of {@linkcode coPartitionAssigner}; every member must offer it. */
export const CO_PARTITION_PROTOCOL = "shopease-copartition";

/**
 * Deals partition numbers `0 … max-1` (max over the subscribed topics) to the members sorted by
 * member id, like cards: number _n_ goes to member `n mod members`. A member gets its numbers on
 * every topic it subscribes to that has them, so one member owns partition _n_ of activity and of
 * transactions (co-partitioned, keyed by user id) and of the other topics too; a topic with fewer
 * partitions just has fewer numbers. Members subscribing to fewer topics get the same numbers
 * on the topics they do subscribe to: the co-partitioning never splits, at worst a topic of a
 * member that lacks it is left unconsumed for that number. Every member gets an assignment,
 * empty when there are more members than numbers.
 *
 * kafkajs's only built-in assigner (round robin over all topic partitions) gives partition _n_
 * of two topics to different members, which breaks the per-partition purchase join.
 *
 * @param config kafkajs's assigner context (its cluster knows the topics' partitions)
 * @returns the assigner
 * @example
 * ```ts
 * import { Kafka } from "kafkajs";
 * const kafka = new Kafka({ brokers: ["127.0.0.1:9092"] });
 * const consumer = kafka.consumer({
 *   groupId: "shopease-live",
 *   partitionAssigners: [coPartitionAssigner],
 * });
 * ```
 */
export const coPartitionAssigner: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITION_PROTOCOL,
  version: 0,
  assign({ members, topics }) {
    const partitions = new Map<string, number[]>();
    for (const topic of topics) {
      const ids = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      partitions.set(topic, ids.sort((a, b) => a - b));
    }
    return Promise.resolve(dealPartitions(members, partitions));
  },
  protocol({ topics }) {
    return {
      name: CO_PARTITION_PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});

/**
 * The assignment of {@linkcode coPartitionAssigner}, apart from the cluster: pure, for tests.
 *
 * @param members the group's members with their subscription metadata
 * @param partitions the partition ids of each subscribed topic
 * @returns one encoded assignment per member
 */
export function dealPartitions(
  members: readonly GroupMember[],
  partitions: ReadonlyMap<string, readonly number[]>,
): GroupMemberAssignment[] {
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : +(a.memberId > b.memberId)
  );
  const result: GroupMemberAssignment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const member = sorted[i];
    const subscribed = AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics;
    const assignment: Assignment = {};
    for (const [topic, ids] of partitions) {
      if (subscribed !== undefined && !subscribed.includes(topic)) continue;
      const mine = ids.filter((id) => id % sorted.length === i);
      if (mine.length > 0) assignment[topic] = mine;
    }
    result.push({
      memberId: member.memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment,
        userData: Buffer.alloc(0),
      }),
    });
  }
  return result;
}
