/**
 * The live lake equals replay with a producer we did not write: `data/sample` turned into
 * key/value lines by `kcat_lines.py` (Python's standard library) and produced with `kcat`
 * (librdkafka, murmur2 partitioner), then consumed with `deno task consume --until-caught-up`.
 * Every message's partition is also checked against kafkajs's default partitioner, the one
 * `deno task produce` uses, so both producers co-partition a key the same way.
 */
import assert from "node:assert/strict";
import { logLevel, Partitioners, type PartitionMetadata } from "kafkajs";
import {
  assertSameLake,
  cli,
  consumeArgs,
  deleteTopics,
  type LiveLakeCase,
  liveLakeCase,
  replayLake,
  SAMPLE,
} from "./live_lake_fixture.ts";
import { tempDir } from "../../temp_dir.ts";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { prepareTopics } from "../../../pipeline/kafka/prepare_topics.ts";
import { topicNames } from "../../../pipeline/kafka/topic_names.ts";
import type { TableName } from "../../../operators/types.ts";

const PARTITIONS = 4;
const LINES = new URL("./kcat_lines.py", import.meta.url).pathname;
const FILES: Record<TableName, string> = {
  activity: "activity.csv",
  transactions: "transactions.ndjson",
  inventory: "inventory.csv",
  reviews: "reviews.json",
};

/** Creates the four topics with {@linkcode PARTITIONS} partitions each. */
async function createTopics(c: LiveLakeCase): Promise<void> {
  const admin = createKafka(c.kafkaBrokers.split(","), { logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const counts = await prepareTopics(admin, topicNames(c.prefix), PARTITIONS);
    assert.deepEqual([...counts.values()], [PARTITIONS, PARTITIONS, PARTITIONS, PARTITIONS]);
  } finally {
    await admin.disconnect();
  }
}

/** Output of a finished child; throws with its stderr when it failed. */
async function finished(name: string, child: Deno.ChildProcess): Promise<string> {
  const out = await child.output();
  const err = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${name} failed (exit ${out.code}):\n${err}`);
  return new TextDecoder().decode(out.stdout);
}

/** `python3 kcat_lines.py <table> <file> | kcat -P …` into the table's topic. */
async function kcatProduce(c: LiveLakeCase, table: TableName): Promise<void> {
  const lines = new Deno.Command("python3", {
    args: [LINES, table, `${SAMPLE}/${FILES[table]}`],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const kcat = new Deno.Command("kcat", {
    args: [
      "-P",
      ...["-b", c.kafkaBrokers, "-t", topicNames(c.prefix)[table]],
      ...["-K", "\x1f"],
      ...["-X", "topic.partitioner=murmur2_random"],
      // One in-flight order per partition even if a request is retried: file order is kept.
      ...["-X", "enable.idempotence=true"],
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const [, linesErr, linesStatus, kcatOut] = await Promise.all([
    lines.stdout.pipeTo(kcat.stdin),
    new Response(lines.stderr).text(),
    lines.status,
    kcat.output(),
  ]);
  assert.ok(linesStatus.success && linesErr === "", `kcat_lines.py ${table} failed:\n${linesErr}`);
  const kcatErr = new TextDecoder().decode(kcatOut.stderr);
  // Warnings (`%4|…`, e.g. a retried idempotence handshake) are fine; failures are not.
  const failed = !kcatOut.success || /% ERROR|Delivery failed/i.test(kcatErr);
  assert.ok(!failed, `kcat -P ${table} failed (exit ${kcatOut.code}):\n${kcatErr}`);
}

/** Every message of a topic as `[partition, key]`, read back with `kcat -C`. */
async function kcatKeys(c: LiveLakeCase, table: TableName): Promise<[number, string][]> {
  const text = await finished(
    `kcat -C ${table}`,
    new Deno.Command("kcat", {
      args: [
        "-C",
        ...["-b", c.kafkaBrokers, "-t", topicNames(c.prefix)[table]],
        ...["-e", "-q", "-f", "%p\x1f%k\n"],
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn(),
  );
  return text.split("\n").filter((line) => line !== "").map((line) => {
    const [partition, key] = line.split("\x1f");
    return [Number(partition), key];
  });
}

/** The partition `deno task produce` (kafkajs, DefaultPartitioner) gives a key. */
function kafkajsPartition(topic: string, key: string): number {
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
    partitionId,
    leader: 0,
  })) as PartitionMetadata[];
  return Partitioners.DefaultPartitioner()({
    topic,
    partitionMetadata,
    message: { key, value: null },
  });
}

Deno.test({
  name: "data/sample produced with kcat and consumed live equals its replay",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const c = await liveLakeCase("lake-kcat");
    try {
      const replay = replayLake(c.env);
      await createTopics(c);
      for (const table of Object.keys(FILES) as TableName[]) await kcatProduce(c, table);

      await t.step("kcat puts every key where deno task produce would", async () => {
        for (const table of Object.keys(FILES) as TableName[]) {
          const messages = await kcatKeys(c, table);
          assert.ok(messages.length > 0, `no messages in ${table}`);
          const misplaced = messages.filter(([partition, key]) =>
            partition !== kafkajsPartition(topicNames(c.prefix)[table], key)
          );
          assert.equal(misplaced.length, 0, `${table}: ${misplaced.length} keys misplaced`);
          assert.equal(new Set(messages.map(([p]) => p)).size, PARTITIONS, `${table} spread`);
        }
      });

      await t.step("the live lake equals replay's", async () => {
        await using temp = await tempDir({ prefix: "live-lake-kcat-" });
        const lake = temp.path;
        await cli([...consumeArgs(c, lake), "--until-caught-up"], c.env);
        await assertSameLake(lake, await replay);
      });
    } finally {
      await deleteTopics(c);
    }
  },
});
