/**
 * Topics written in Kafka transactions (Kafka Streams, exactly-once producers) end each
 * transaction with a commit marker: an offset that is never delivered. `consume
 * --until-caught-up` must still see such a topic as read to its end, and a batch after a marker
 * continues its partition (no "gone (retention)" warning, no record missed).
 */

import assert from "node:assert/strict";
import { type Kafka, logLevel } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { topicNames } from "../../../pipeline/kafka/topic_names.ts";
import { SnapshotStore } from "../../../pipeline/live_lake/snapshot_store.ts";
import { tableRows } from "../sources/hostile_fixture.ts";
import { deleteTopics, liveLakeCase, runConsume } from "./live_lake_fixture.ts";

/** Writes each batch of reviews to partition 0 of `topic` in a transaction, committed or aborted. */
async function writeTransactions(
  kafka: Kafka,
  transactionalId: string,
  topic: string,
  batches: { ids: string[]; commit: boolean }[],
): Promise<void> {
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const { ids, commit } of batches) {
      const tx = await producer.transaction();
      await tx.send({
        topic,
        messages: ids.map((id) => ({
          key: "p1",
          partition: 0,
          value: JSON.stringify({
            review_id: id,
            user_id: `RAWUSER-${id}`,
            product_id: "p1",
            rating: 4,
            created_at: "2024-10-01T00:00:00Z",
          }),
        })),
      });
      await (commit ? tx.commit() : tx.abort());
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Writes the transactions, runs `consume --until-caught-up` once, and checks that it stopped by
 * itself, warned of no gap, and left exactly `expected` reviews and no quarantine row.
 */
async function consumeTransactions(
  label: string,
  batches: { ids: string[]; commit: boolean }[],
  expected: string[],
): Promise<void> {
  const c = await liveLakeCase(label);
  const lake = Deno.makeTempDirSync({ prefix: "transactional_test_" });
  const kafka = createKafka(c.kafkaBrokers.split(","), { logLevel: logLevel.NOTHING });
  const topics = topicNames(c.prefix);
  try {
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of Object.values(topics)) await ensureTopic(admin, topic, 1);
    await admin.disconnect();
    await writeTransactions(kafka, c.group, topics.reviews, batches);
    const args = ["--until-caught-up", "--compact-every", "0"];
    const { code, stderr } = await runConsume(c, lake, args, c.env, 60_000);
    assert.equal(code, 0, `consume did not stop by itself (exit ${code}):\n${stderr}`);
    assert.doesNotMatch(stderr, /retention/);
    const reviews = await tableRows(lake, "reviews");
    assert.deepEqual(reviews.map((r) => r.review_id).sort(), expected);
    assert.deepEqual(await tableRows(lake, "quarantine"), []);
  } finally {
    await deleteTopics(c);
    const store = await SnapshotStore.connect(c.redisUrl, `shopease:lake:${c.group}`);
    await store.clear();
    await store.close();
    Deno.removeSync(lake, { recursive: true });
  }
}

const liveTest = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "consume --until-caught-up reads a topic written in transactions to its end and stops",
  liveTest,
  // Offsets 0 1 (commit marker 2) 3 4 (commit marker 5).
  () =>
    consumeTransactions("txn", [
      { ids: ["r1", "r2"], commit: true },
      { ids: ["r3", "r4"], commit: true },
    ], ["r1", "r2", "r3", "r4"]),
);

Deno.test(
  "consume --until-caught-up keeps no record of an aborted transaction and stops after its marker",
  liveTest,
  // Offsets 0 1 (commit marker 2) 3 4 aborted (abort marker 5). Fetches that hold only markers or
  // aborted records are forced in tests/pipeline/kafka/topics_source_markers_test.ts.
  () =>
    consumeTransactions("txn-abort", [
      { ids: ["r1", "r2"], commit: true },
      { ids: ["r3", "r4"], commit: false },
    ], ["r1", "r2"]),
);
