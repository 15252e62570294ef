import assert from "node:assert/strict";
import type { Kafka } from "kafkajs";
import type { TableName } from "../../../operators/types.ts";
import { produceEvents } from "../../../pipeline/kafka/produce_events.ts";
import { TopicLayoutError } from "../../../pipeline/kafka/prepare_topics.ts";
import {
  type TopicBatchMeta,
  type TopicsSource,
  topicsSource,
} from "../../../pipeline/kafka/topics_source.ts";
import { uniqueName } from "../../dev/services/real_services.ts";
import { kafkaTest, type TopicsKit, waitFor, withTopics } from "./with_topics.ts";

/** One delivered message: a record's or a quarantine row's position and its table. */
interface Delivered {
  table: TableName;
  partition: number;
  offset: number;
  fields: Record<string, unknown> | null;
}

/** The four input topics (reviews with 2 partitions, the others 4) filled with small data. */
async function inputTopics({ kafka, createTopic }: TopicsKit) {
  const topics: Record<TableName, string> = {
    activity: await createTopic("ts-activity", 4),
    transactions: await createTopic("ts-transactions", 4),
    inventory: await createTopic("ts-inventory", 4),
    reviews: await createTopic("ts-reviews", 2),
  };
  const producer = kafka.producer();
  await producer.connect();
  try {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const sent: Record<TableName, number> = {
      activity: await produceEvents(
        producer,
        topics.activity,
        range(150).map((i) => ({ event_id: `e${i}`, USER_ID: `u${i % 13}`, event_type: "view" })),
        (e) => e.USER_ID,
      ),
      transactions: await produceEvents(
        producer,
        topics.transactions,
        range(60).map((i) => ({ transaction_id: `t${i}`, user_id: `u${i % 13}` })),
        (t) => t.user_id,
      ),
      inventory: await produceEvents(
        producer,
        topics.inventory,
        range(40).map((i) => ({ "Product ID": `p${i % 9}`, stock_level: String(i) })),
        (p) => p["Product ID"],
      ),
      reviews: await produceEvents(
        producer,
        topics.reviews,
        range(30).map((i) => ({ review_id: `r${i}`, product_id: `p${i % 9}`, rating: 4 })),
        (r) => r.product_id,
      ),
    };
    // A value that is no JSON object: delivered as a quarantine row of its table.
    await producer.send({ topic: topics.reviews, messages: [{ key: "bad", value: "" }], acks: -1 });
    sent.reviews++;
    return { topics, sent };
  } finally {
    await producer.disconnect();
  }
}

/** Starts a source that records every delivered message and batch. */
async function collecting(
  kafka: Kafka,
  topics: Partial<Record<TableName, string>>,
  onAssign?: (partitions: number[], source: TopicsSource, seen: TopicBatchMeta[]) => Promise<void>,
  groupId = uniqueName("ts-group"),
) {
  const delivered: Delivered[] = [];
  const metas: TopicBatchMeta[] = [];
  const source = await topicsSource({
    kafka,
    topics,
    groupId,
    maxRecords: 7,
    consumerConfig: { heartbeatInterval: 300, maxWaitTimeInMs: 200 },
    onAssign: onAssign && ((partitions, source) => onAssign(partitions, source, metas)),
    onBatch: (batch, meta) => {
      assert.equal(batch.table, meta.table);
      metas.push(meta);
      for (const r of batch.records) delivered.push(at(meta, r.position, r.fields));
      for (const q of batch.quarantine) delivered.push(at(meta, q.position, null));
      return Promise.resolve();
    },
  });
  return { source, groupId, delivered, metas };
}

function at(meta: TopicBatchMeta, position: string, fields: Delivered["fields"]): Delivered {
  assert.ok(position.startsWith(`${meta.topic}/${meta.partition}@`), position);
  const offset = Number(position.slice(position.lastIndexOf("@") + 1));
  return { table: meta.table, partition: meta.partition, offset, fields };
}

/** Offsets delivered per table and partition, in delivery order: `table/partition` → offsets. */
function offsetsByPartition(delivered: readonly Delivered[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of delivered) {
    const key = `${d.table}/${d.partition}`;
    out.set(key, [...out.get(key) ?? [], d.offset]);
  }
  return out;
}

/** `table/partition` → [first, …, end - 1] for every partition holding messages. */
async function expectedOffsets(kit: TopicsKit, topics: Record<TableName, string>, from = 0) {
  const out = new Map<string, number[]>();
  for (const table of Object.keys(topics) as TableName[]) {
    for (const { partition, high } of await kit.admin.fetchTopicOffsets(topics[table])) {
      const end = Number(high);
      if (end > from) out.set(`${table}/${partition}`, range(from, end));
    }
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const sorted = (map: Map<string, number[]>) => new Map([...map].sort(([a], [b]) => a < b ? -1 : 1));

Deno.test({
  name: "topicsSource() refuses a missing topic, naming it and deno task produce",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const activity = await kit.createTopic("ts-activity", 4);
      const missing = kit.topicName("ts-missing");
      const error = await topicsSource({
        kafka: kit.kafka,
        topics: { activity, reviews: missing },
        groupId: uniqueName("ts-group"),
        onBatch: () => Promise.resolve(),
      }).then(() => null, (e) => e);
      assert.ok(error instanceof TopicLayoutError, String(error));
      assert.ok(!error.message.includes("\n"));
      assert.match(
        error.message,
        new RegExp(`input topic ${missing} \\(reviews\\) does not exist`),
      );
      assert.match(error.message, /deno task produce/);
      assert.ok(!(await kit.admin.listTopics()).includes(missing), "the topic was created");
    }),
});

Deno.test({
  name:
    "topicsSource() refuses activity and transactions with unequal partition counts, in one line",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const topics = {
        activity: await kit.createTopic("ts-activity", 4),
        transactions: await kit.createTopic("ts-transactions", 3),
        inventory: await kit.createTopic("ts-inventory", 4),
        reviews: await kit.createTopic("ts-reviews", 2),
      };
      const error = await topicsSource({
        kafka: kit.kafka,
        topics,
        groupId: uniqueName("ts-group"),
        onBatch: () => Promise.resolve(),
      }).then(() => null, (e) => e);
      assert.ok(error instanceof TopicLayoutError, String(error));
      assert.ok(!error.message.includes("\n"));
      assert.match(error.message, new RegExp(`${topics.activity} \\(4 partitions\\)`));
      assert.match(error.message, new RegExp(`${topics.transactions} \\(3 partitions\\)`));
      assert.match(error.message, /--alter --partitions 4/);
    }),
});

Deno.test({
  name:
    "topicsSource() delivers every message once per table in offset order, re-delivers after a seek to 0 and commits",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const { topics, sent } = await inputTopics(kit);
      const total = Object.values(sent).reduce((a, b) => a + b, 0);
      const { source, groupId, delivered, metas } = await collecting(kit.kafka, topics);
      try {
        assert.deepEqual(source.assigned(), [0, 1, 2, 3]);
        await waitFor(`${total} messages`, () => delivered.length >= total);
        // Give a duplicate the time to show up.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(delivered.length, total);
        assert.deepEqual(
          sorted(offsetsByPartition(delivered)),
          sorted(await expectedOffsets(kit, topics)),
        );
        assert.ok(metas.every((m) => Number(m.lastOffset) - Number(m.firstOffset) < 7));
        assert.ok(metas.every((m) =>
          m.timestamps.length === Number(m.lastOffset) - Number(m.firstOffset) + 1
        ));
        // Keys are spelled as each table's columns.
        const fieldsOf = (table: TableName) =>
          delivered.filter((d) => d.table === table && d.fields);
        assert.ok(fieldsOf("activity").every((d) => typeof d.fields!.user_id === "string"));
        assert.ok(fieldsOf("inventory").every((d) => typeof d.fields!.product_id === "string"));
        assert.equal(delivered.filter((d) => d.fields === null).length, 1);
        assert.equal(delivered.find((d) => d.fields === null)?.table, "reviews");

        const firstRound = delivered.splice(0);
        for (const p of source.assigned()) source.seek("activity", p, "0");
        await waitFor("activity again", () => delivered.length >= sent.activity);
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.deepEqual(
          sorted(offsetsByPartition(delivered)),
          sorted(offsetsByPartition(firstRound.filter((d) => d.table === "activity"))),
        );

        // Nothing was committed by the source; commit() commits.
        const committed = async () => {
          const [{ partitions }] = await kit.admin.fetchOffsets({
            groupId,
            topics: [topics.inventory],
          });
          return partitions.map((p) => p.offset);
        };
        assert.deepEqual(await committed(), ["-1", "-1", "-1", "-1"]);
        await source.commit("inventory", 1, "3");
        assert.deepEqual(await committed(), ["-1", "3", "-1", "-1"]);
      } finally {
        await source.stop();
      }
    }),
});

Deno.test({
  name:
    "topicsSource() awaits an async onAssign before the first batch and starts each partition where it seeks",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const { topics } = await inputTopics(kit);
      let assignedWith: number[] = [];
      let early = -1;
      const { source, delivered } = await collecting(
        kit.kafka,
        topics,
        async (partitions, source, seen) => {
          assignedWith = partitions;
          // Long enough for kafkajs to fetch batches from offset 0 meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 1500));
          early = seen.length;
          for (const table of Object.keys(topics) as TableName[]) {
            for (const p of partitions) source.seek(table, p, "2");
          }
        },
      );
      try {
        const expected = await expectedOffsets(kit, topics, 2);
        const count = [...expected.values()].reduce((a, b) => a + b.length, 0);
        await waitFor(`${count} messages`, () => delivered.length >= count);
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(early, 0, "a batch arrived before onAssign resolved");
        assert.deepEqual(assignedWith, [0, 1, 2, 3]);
        assert.deepEqual(sorted(offsetsByPartition(delivered)), sorted(expected));
      } finally {
        await source.stop();
      }
    }),
});

Deno.test({
  name:
    "topicsSource() members of one group own disjoint numbers on both topics; onAssign tells the one left all",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const topics = {
        activity: await kit.createTopic("ts-activity", 4),
        transactions: await kit.createTopic("ts-transactions", 4),
      };
      const group = uniqueName("ts-group");
      const told: number[][][] = [[], []];
      const sources: TopicsSource[] = [];
      try {
        for (const i of [0, 1]) {
          const { source } = await collecting(kit.kafka, topics, (partitions) => {
            told[i].push(partitions);
            return Promise.resolve();
          }, group);
          sources.push(source);
        }
        await waitFor("two members", () => {
          const [a, b] = sources.map((s) => s.assigned());
          return a.length === 2 && b.length === 2 &&
            JSON.stringify([...a, ...b].sort()) === "[0,1,2,3]";
        });
        for (const i of [0, 1]) assert.deepEqual(told[i].at(-1), sources[i].assigned());
        await sources.pop()!.stop();
        await waitFor("one member owning all", () => sources[0].assigned().length === 4);
        assert.deepEqual(told[0].at(-1), [0, 1, 2, 3]);
      } finally {
        for (const source of sources) await source.stop();
      }
    }),
});

Deno.test({
  name: "topicsSource() replaces a consumer that kafkajs will not restart, and delivers everything",
  ...kafkaTest,
  fn: () =>
    withTopics(async (kit) => {
      const { topics, sent } = await inputTopics(kit);
      const total = Object.values(sent).reduce((a, b) => a + b, 0);
      // A TypeError is not retriable for kafkajs: its consumer crashes and is not restarted.
      let failures = 0;
      const seen = new Set<string>();
      const source = await topicsSource({
        kafka: kit.kafka,
        topics,
        groupId: uniqueName("ts-group"),
        onBatch: (batch) => {
          if (failures++ === 0) return Promise.reject(new TypeError("a bug in a batch"));
          for (const r of [...batch.records, ...batch.quarantine]) seen.add(r.position);
          return Promise.resolve();
        },
      });
      try {
        await waitFor(`${total} messages after the crash`, () => seen.size === total);
      } finally {
        await source.stop();
      }
      assert.ok(failures >= 2, "the batch failed once, then came again");
    }),
});
