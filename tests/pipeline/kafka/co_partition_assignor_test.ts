import assert from "node:assert/strict";
import { AssignerProtocol, type Consumer, type Kafka } from "kafkajs";
import {
  coPartitionAssigner,
  dealPartitions,
} from "../../../pipeline/kafka/co_partition_assignor.ts";
import { uniqueName } from "../../dev/services/real_services.ts";
import { kafkaTest, waitFor, withTopics } from "./with_topics.ts";

function decoded(assignments: ReturnType<typeof dealPartitions>) {
  return Object.fromEntries(assignments.map((a) => {
    const value = AssignerProtocol.MemberAssignment.decode(a.memberAssignment);
    return [a.memberId, value?.assignment];
  }));
}

function subscriber(memberId: string, topics: string[]) {
  const memberMetadata = AssignerProtocol.MemberMetadata.encode({
    version: 0,
    topics,
    userData: undefined as never,
  });
  return { memberId, memberMetadata };
}

Deno.test("dealPartitions() deals numbers to members sorted by id, the same on every topic", () => {
  const partitions = new Map([["x", [0, 1, 2, 3, 4]], ["y", [0, 1]]]);
  const members = [subscriber("m-c", ["x", "y"]), subscriber("m-a", ["x", "y"])];
  assert.deepEqual(
    decoded(dealPartitions([...members, subscriber("m-b", ["x", "y"])], partitions)),
    {
      "m-a": { x: [0, 3], y: [0] },
      "m-b": { x: [1, 4], y: [1] },
      "m-c": { x: [2] },
    },
  );
});

Deno.test("dealPartitions() keeps a member's numbers when it lacks a topic, and gives idle members nothing", () => {
  const partitions = new Map([["x", [0, 1]], ["y", [0, 1]]]);
  const members = [subscriber("a", ["x", "y"]), subscriber("b", ["x"]), subscriber("c", ["x"])];
  assert.deepEqual(decoded(dealPartitions(members, partitions)), {
    a: { x: [0], y: [0] },
    b: { x: [1] },
    c: {},
  });
});

interface Member {
  consumer: Consumer;
  memberId: string;
  assignment: Record<string, number[]>;
}

async function join(kafka: Kafka, groupId: string, topics: string[]): Promise<Member> {
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [coPartitionAssigner],
    heartbeatInterval: 300,
    maxWaitTimeInMs: 200,
  });
  const member: Member = { consumer, memberId: "", assignment: {} };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    member.memberId = event.payload.memberId;
    member.assignment = event.payload.memberAssignment;
  });
  consumer.on(consumer.events.REBALANCING, () => member.assignment = {});
  await consumer.connect();
  await consumer.subscribe({ topics });
  await consumer.run({ eachBatch: () => Promise.resolve() });
  return member;
}

const owned = (member: Member, topic: string) => [...member.assignment[topic] ?? []].sort();

Deno.test({
  name:
    "coPartitionAssigner gives two members disjoint numbers covering all, the same on every topic; the one left owns all",
  ...kafkaTest,
  fn: () =>
    withTopics(async ({ kafka, createTopic }) => {
      // The short topic first: kafkajs's round robin then deals the others' partitions shifted.
      const three = await createTopic("cp-d", 3);
      const four = [
        await createTopic("cp-a", 4),
        await createTopic("cp-b", 4),
        await createTopic("cp-c", 4),
      ];
      const topics = [three, ...four];
      const group = uniqueName("cp-group");
      const members: Member[] = [];
      try {
        members.push(await join(kafka, group, topics));
        members.push(await join(kafka, group, topics));
        const settled = () =>
          topics.every((topic) => {
            const [a, b] = members.map((m) => owned(m, topic));
            const all = [...a, ...b].sort();
            const expected = topic === three ? [0, 1, 2] : [0, 1, 2, 3];
            return a.length > 0 && b.length > 0 && JSON.stringify(all) === JSON.stringify(expected);
          });
        await waitFor("two members sharing every topic", settled);
        const [first, second] = [...members].sort((a, b) => a.memberId < b.memberId ? -1 : 1);
        for (const topic of four) {
          assert.deepEqual(owned(first, topic), [0, 2], topic);
          assert.deepEqual(owned(second, topic), [1, 3], topic);
        }
        assert.deepEqual(owned(first, three), [0, 2]);
        assert.deepEqual(owned(second, three), [1]);

        const leaving = members.pop()!;
        await leaving.consumer.disconnect();
        const [left] = members;
        await waitFor("the member left owning all", () =>
          topics.every((topic) => owned(left, topic).length === (topic === three ? 3 : 4)));
        for (const topic of four) {
          assert.deepEqual(owned(left, topic), [0, 1, 2, 3]);
        }
      } finally {
        for (const member of members) {
          await member.consumer.disconnect();
        }
      }
    }),
});
