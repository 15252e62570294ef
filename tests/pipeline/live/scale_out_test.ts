/**
 * Two consumer processes in one group share the partitions and store the same metrics as one.
 */
import assert from "node:assert/strict";
import { AssignerProtocol } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import {
  dropPrefix,
  events,
  metrics,
  produce,
  produceSentinels,
  quality,
  spawnConsumer,
  waitClosed,
} from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;
const PARTITIONS = 4;

Deno.test({
  name: "two consumer processes in one group store the same metrics as one",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const list = events(150_000, 150, 31);
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName("scale");
    const base = { brokers: kafkaBrokers, redisUrl, topic, lateness: LATENESS };
    const one = { ...base, group: uniqueName("one"), prefix: `shopease:${uniqueName("one")}:` };
    const two = { ...base, group: uniqueName("two"), prefix: `shopease:${uniqueName("two")}:` };
    const oneStore = await RedisStore.connect(redisUrl, { prefix: one.prefix });
    const twoStore = await RedisStore.connect(redisUrl, { prefix: two.prefix });
    const children: Deno.ChildProcess[] = [];
    try {
      await ensureTopic(admin, topic, PARTITIONS);
      await produce(kafka, topic, list);
      const last = Date.parse(list[list.length - 1].event_time);
      const sentinel = await produceSentinels(kafka, topic, PARTITIONS, last);
      const through = sentinel - LATENESS;

      children.push(spawnConsumer(two), spawnConsumer(two));
      // Both members must get partitions: read the group's assignment from the coordinator.
      const owners = new Map<string, number[]>();
      const deadline = Date.now() + 30_000;
      while (owners.size < 2 && Date.now() < deadline) {
        // The coordinator may still be loading the new group: retry until the deadline.
        const described = await admin.describeGroups([two.group]).catch(() => null);
        const groups = described?.groups ?? [];
        owners.clear();
        for (const member of groups[0]?.members ?? []) {
          const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
          const partitions = assignment?.assignment[topic] ?? [];
          if (partitions.length > 0) owners.set(member.memberId, partitions);
        }
        if (owners.size < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(owners.size, 2, "two members own partitions");
      assert.deepEqual([...owners.values()].flat().sort(), [0, 1, 2, 3]);
      await waitClosed(twoStore, two.group, PARTITIONS, through, 90_000);
      for (const child of children) child.kill("SIGTERM");
      for (const child of children) assert.equal((await child.status).code, 0);
      children.length = 0;

      const single = spawnConsumer(one);
      children.push(single);
      await waitClosed(oneStore, one.group, PARTITIONS, through, 90_000);
      single.kill("SIGTERM");
      assert.equal((await single.status).code, 0);
      children.length = 0;

      const expected = await metrics(oneStore, sentinel);
      assert.ok(expected.active_users.length > 15, `${expected.active_users.length} minutes`);
      assert.deepEqual(await metrics(twoStore, sentinel), expected);
      assert.deepEqual(await quality(twoStore, two.group), await quality(oneStore, one.group));
    } finally {
      for (const child of children) {
        // A child that already exited must not hide the error that brought us here.
        try {
          child.kill("SIGKILL");
        } catch {
          // already terminated
        }
        await child.status;
      }
      await oneStore.close();
      await twoStore.close();
      await dropPrefix(redisUrl, one.prefix);
      await dropPrefix(redisUrl, two.prefix);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  },
});
