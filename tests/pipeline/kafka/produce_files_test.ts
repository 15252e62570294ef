/**
 * `deno task produce` against the real local broker: every input record reaches its topic with
 * the key its table is partitioned on, and activity and transactions are co-partitioned.
 * kafkajs keeps timers and sockets that close after `disconnect()` resolves, so the op and
 * resource sanitizers are off for these tests.
 */
import assert from "node:assert/strict";
import type { Admin, Kafka } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { prepareTopics, TopicLayoutError } from "../../../pipeline/kafka/prepare_topics.ts";
import { topicNames } from "../../../pipeline/kafka/topic_names.ts";
import { JSON_LAYOUT } from "../../../pipeline/sources/raw_record.ts";
import { NATIVE_DECODERS } from "../../../operators/validate.ts";
import type { TableName } from "../../../operators/types.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { javaPartition } from "./java_murmur2.ts";

const kafkaTest = { sanitizeOps: false, sanitizeResources: false };
const root = new URL("../../../", import.meta.url).pathname;

interface Received {
  partition: number;
  key: string;
  value: string;
}

/** Runs `fn` with a client, an admin and a unique topic prefix; its topics are deleted after. */
async function withKafka(
  fn: (kafka: Kafka, admin: Admin, prefix: string, brokers: string) => Promise<void>,
): Promise<void> {
  const { kafkaBrokers } = await realServices();
  const kafka = createKafka(kafkaBrokers.split(","));
  const admin = kafka.admin();
  await admin.connect();
  const prefix = `${uniqueName("produce")}.`;
  try {
    await fn(kafka, admin, prefix, kafkaBrokers);
  } finally {
    const existing = await admin.listTopics();
    await admin.deleteTopics({ topics: existing.filter((t) => t.startsWith(prefix)) });
    await admin.disconnect();
  }
}

/** Runs `deno task produce` (through main.ts) and returns its exit code and output. */
async function produce(args: string[], brokers: string) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${root}main.ts`,
      "produce",
      "--no-progress",
      "--brokers",
      brokers,
      ...args,
    ],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** Reads `topics` from the beginning with a plain kafkajs consumer until `total` messages came. */
async function consumeAll(
  kafka: Kafka,
  topics: string[],
  total: number,
): Promise<Map<string, Received[]>> {
  const consumer = kafka.consumer({ groupId: uniqueName("produce-check") });
  const got = new Map<string, Received[]>(topics.map((t) => [t, []]));
  let count = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            got.get(batch.topic)!.push({
              partition: batch.partition,
              key: m.key?.toString() ?? "",
              value: m.value?.toString() ?? "",
            });
          }
          count += batch.messages.length;
          if (count >= total) resolve();
          await Promise.resolve();
        },
      });
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`consumed ${count} of ${total} messages`)), 60_000)
    );
    await Promise.race([done, timeout]);
    // Anything beyond `total` would be a duplicate: give it a moment to show.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

Deno.test(
  "produce loads data/sample keyed by user and product ids, activity and transactions co-partitioned",
  kafkaTest,
  async () => {
    await withKafka(async (kafka, admin, prefix, brokers) => {
      const run = await produce([
        "--input",
        "data/sample",
        "--topic-prefix",
        prefix,
        "--partitions",
        "3",
      ], brokers);
      assert.equal(run.code, 0, run.stderr);
      const topics = topicNames(prefix);
      // Every input line, the two broken lines of transactions.ndjson included.
      const expected = { activity: 40_000, transactions: 373, inventory: 9_268, reviews: 99 };
      const bad = { activity: 0, transactions: 2, inventory: 0, reviews: 0 };
      for (const [table, count] of Object.entries(expected)) {
        const topic = topics[table as keyof typeof topics];
        const lines = bad[table as keyof typeof bad];
        const row = `${topic.replaceAll(".", "\\.")}\\s+${count}\\s+${lines}\\n`;
        assert.match(run.stdout, new RegExp(row));
      }
      // No id reaches the output: the sample's user ids all start with 5000.
      assert.doesNotMatch(run.stdout + run.stderr, /5000\d{5}/);
      const metadata = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
      for (const topic of metadata.topics) assert.equal(topic.partitions.length, 3, topic.name);

      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      const got = await consumeAll(kafka, Object.values(topics), total);
      for (const [table, count] of Object.entries(expected)) {
        assert.equal(got.get(topics[table as keyof typeof topics])!.length, count, table);
      }
      // A broken line, or a record the table's decoder rejects (no user id, a negative
      // quantity…), holds no id to partition on: it is keyed by its position.
      let byPosition = 0;
      const fieldKeys = (table: TableName, field: (v: Record<string, unknown>) => unknown) => {
        for (const m of got.get(topics[table])!) {
          const fields = m.value === "" ? null : JSON.parse(m.value);
          const rejected = fields === null || typeof NATIVE_DECODERS[table]({
                source: table,
                position: "",
                raw: m.value,
                fields,
                layout: JSON_LAYOUT,
              }) === "string";
          if (rejected) {
            assert.match(m.key, /^\w+\.\w+:(line|element) \d+/);
            byPosition++;
          } else assert.equal(m.key, String(field(fields)));
        }
      };
      assert.deepEqual(
        got.get(topics.transactions)!.filter((m) => m.value === "").map((m) => m.key.split(",")[0])
          .sort(),
        ["transactions.ndjson:line 14", "transactions.ndjson:line 264"],
      );
      fieldKeys("activity", (v) => v.user_id);
      fieldKeys("transactions", (v) => v.user_id);
      fieldKeys("inventory", (v) => v.product_id);
      fieldKeys("reviews", (v) => v.product_id ?? v.review_id);
      assert.ok(byPosition > 0 && byPosition < 500, `${byPosition} records keyed by position`);

      const partitionOfUser = new Map<string, number>();
      for (const m of got.get(topics.activity)!) {
        const before = partitionOfUser.get(m.key);
        if (before !== undefined) assert.equal(m.partition, before, "one user, one partition");
        partitionOfUser.set(m.key, m.partition);
      }
      let shared = 0;
      for (const m of got.get(topics.transactions)!) {
        const partition = partitionOfUser.get(m.key);
        if (partition === undefined) continue;
        assert.equal(m.partition, partition, "a user's transactions share their clicks' partition");
        shared++;
      }
      assert.ok(shared > 300, `only ${shared} transactions by users with clicks`);
      // Every keyed message sits where the Java client (and kcat's murmur2) would put it.
      for (const messages of got.values()) {
        for (const m of messages) assert.equal(m.partition, javaPartition(m.key, 3), m.key);
      }
      // The partitions are really used: 3 partitions all hold activity.
      assert.equal(new Set(got.get(topics.activity)!.map((m) => m.partition)).size, 3);
      // The value is the record as the file reader parsed it.
      const first = JSON.parse(
        got.get(topics.transactions)!.find((m) => m.value.includes('"tx1"'))!.value,
      );
      assert.equal(first.unit_price, 509.99);
    });
  },
);

Deno.test(
  "produce sends a line it cannot read with an empty value and counts it",
  kafkaTest,
  async () => {
    await withKafka(async (kafka, _admin, prefix, brokers) => {
      const dir = await Deno.makeTempDir();
      try {
        const lines = [
          '{"transaction_id":"t1","order_id":"o1","user_id":"u1","product_id":"p1","quantity":1,"unit_price":2,"type":"purchase","timestamp":"2024-10-03T20:21:35.000Z"}',
          '{"transaction_id":"t2","user_id":"SECRETUSER",',
          '{"transaction_id":"t3","order_id":"o3","user_id":"u3","product_id":"p1","quantity":1,"unit_price":2,"type":"purchase","timestamp":"2024-10-03T20:22:35.000Z"}',
        ];
        await Deno.writeTextFile(`${dir}/transactions.ndjson`, lines.join("\n") + "\n");
        const run = await produce(["--input", dir, "--topic-prefix", prefix], brokers);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /transactions\s+3\s+1\n/);
        assert.match(run.stdout, /1 line could not be read/);
        assert.doesNotMatch(run.stdout + run.stderr, /SECRETUSER/);
        const got = (await consumeAll(kafka, [`${prefix}transactions`], 3)).get(
          `${prefix}transactions`,
        )!;
        assert.deepEqual(got.map((m) => m.key).sort(), [
          "transactions.ndjson:line 2, byte 158",
          "u1",
          "u3",
        ]);
        assert.equal(got.filter((m) => m.value === "").length, 1);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  },
);

Deno.test(
  "prepareTopics() refuses activity and transactions with different partition counts",
  kafkaTest,
  async () => {
    await withKafka(async (kafka, admin, prefix, brokers) => {
      const topics = topicNames(prefix);
      await admin.createTopics({
        topics: [
          { topic: topics.activity, numPartitions: 2, replicationFactor: 1 },
          { topic: topics.transactions, numPartitions: 3, replicationFactor: 1 },
        ],
        waitForLeaders: true,
      });
      await assert.rejects(prepareTopics(admin, topics, 4), (error: Error) => {
        assert.ok(error instanceof TopicLayoutError);
        assert.match(error.message, new RegExp(`${topics.activity} \\(2 partitions\\)`));
        assert.match(error.message, /--partitions 3/);
        return true;
      });
      // Nothing was created by the refused call.
      assert.ok(!(await admin.listTopics()).includes(topics.inventory));
      const run = await produce(
        ["--input", "data/sample/inventory.csv", "--topic-prefix", prefix],
        brokers,
      );
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.match(run.stderr, /^error: topics .* must have the same partition count/);
      void kafka;
    });
  },
);

Deno.test(
  "prepareTopics() gives a missing transactions topic the partition count of activity",
  kafkaTest,
  async () => {
    await withKafka(async (_kafka, admin, prefix) => {
      const topics = topicNames(prefix);
      await admin.createTopics({
        topics: [{ topic: topics.activity, numPartitions: 5, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      const counts = await prepareTopics(admin, topics, 2);
      assert.deepEqual(Object.fromEntries(counts), {
        activity: 5,
        transactions: 5,
        inventory: 2,
        reviews: 2,
      });
      const metadata = await admin.fetchTopicMetadata({
        topics: [topics.transactions, topics.reviews],
      });
      assert.deepEqual(metadata.topics.map((t) => t.partitions.length).sort(), [2, 5]);
    });
  },
);

Deno.test("produce against a broker nobody runs fails with one line naming it", async () => {
  const run = await produce(["--input", "data/sample/reviews.json"], "127.0.0.1:1");
  assert.equal(run.code, 1);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.match(run.stderr, /^error: Cannot connect to Kafka at 127\.0\.0\.1:1: /);
  assert.equal(run.stdout, "");
});

Deno.test(
  "produce refuses topics that already hold messages in one line, and adds to them with --append",
  kafkaTest,
  async () => {
    await withKafka(async (_kafka, admin, prefix, brokers) => {
      const args = ["--input", "data/sample/reviews.json", "--topic-prefix", prefix];
      const held = async () =>
        (await admin.fetchTopicOffsets(`${prefix}reviews`)).reduce((n, p) => n + Number(p.high), 0);
      const first = await produce(args, brokers);
      assert.equal(first.code, 0, first.stderr);
      const once = await held();
      assert.ok(once > 0);

      const again = await produce(args, brokers);
      assert.equal(again.code, 1);
      assert.equal(again.stderr.trim().split("\n").length, 1, again.stderr);
      assert.match(
        again.stderr,
        new RegExp(`^error: topic ${prefix}reviews already holds ${once} offsets: .*--append`),
      );
      // A produce cut short leaves part of the input: the refusal says what to do then.
      assert.match(
        again.stderr,
        /after a produce cut short, delete its topics or take a new prefix/,
      );
      assert.equal(again.stdout, "");
      assert.equal(await held(), once);

      const appended = await produce([...args, "--append"], brokers);
      assert.equal(appended.code, 0, appended.stderr);
      assert.equal(await held(), 2 * once);
    });
  },
);
