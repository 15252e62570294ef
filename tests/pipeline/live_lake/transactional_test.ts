/**
 * Topics written in Kafka transactions (Kafka Streams, exactly-once producers) end each
 * transaction with a commit marker: an offset that is never delivered. `consume
 * --until-caught-up` must still see such a topic as read to its end, and a batch after a marker
 * continues its partition (no "gone (retention)" warning, no record missed).
 */

import assert from "node:assert/strict";
import { logLevel } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { topicNames } from "../../../pipeline/kafka/topic_names.ts";
import { SnapshotStore } from "../../../pipeline/live_lake/snapshot_store.ts";
import { tableRows } from "../sources/hostile_fixture.ts";
import { deleteTopics, liveLakeCase, runConsume } from "./live_lake_fixture.ts";

Deno.test({
  name: "consume --until-caught-up reads a topic written in transactions to its end and stops",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("txn");
    const lake = Deno.makeTempDirSync({ prefix: "transactional_test_" });
    const kafka = createKafka(c.kafkaBrokers.split(","), { logLevel: logLevel.NOTHING });
    const topics = topicNames(c.prefix);
    try {
      const admin = kafka.admin();
      await admin.connect();
      for (const topic of Object.values(topics)) await ensureTopic(admin, topic, 1);
      await admin.disconnect();
      const producer = kafka.producer({
        transactionalId: c.group,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      // Two transactions of two reviews: offsets 0 1 (marker 2) 3 4 (marker 5).
      for (const batch of [["r1", "r2"], ["r3", "r4"]]) {
        const tx = await producer.transaction();
        await tx.send({
          topic: topics.reviews,
          messages: batch.map((id) => ({
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
        await tx.commit();
      }
      await producer.disconnect();
      const { code, stderr } = await runConsume(
        c,
        lake,
        ["--until-caught-up", "--compact-every", "0"],
        c.env,
        60_000,
      );
      assert.equal(code, 0, `consume did not stop by itself (exit ${code}):\n${stderr}`);
      assert.doesNotMatch(stderr, /retention/);
      const reviews = await tableRows(lake, "reviews");
      assert.deepEqual(reviews.map((r) => r.review_id).sort(), ["r1", "r2", "r3", "r4"]);
    } finally {
      await deleteTopics(c);
      const store = await SnapshotStore.connect(c.redisUrl, `shopease:lake:${c.group}`);
      await store.clear();
      await store.close();
      Deno.removeSync(lake, { recursive: true });
    }
  },
});
