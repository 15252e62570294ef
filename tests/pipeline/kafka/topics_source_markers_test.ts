/**
 * Offsets that hold no record to deliver (transaction markers, aborted records) are reported by
 * `onSkip`, also when a fetch holds nothing else: kafkajs then resolves the batch itself, without
 * `eachBatch`. Fetches of one record batch each (`maxBytesPerPartition: 1`) force that case.
 */

import assert from "node:assert/strict";
import { logLevel } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { topicsSource } from "../../../pipeline/kafka/topics_source.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { kafkaTest, waitFor, withTopics } from "./with_topics.ts";

Deno.test({
  name: "topicsSource() reports markers and aborted records fetched alone through onSkip",
  ...kafkaTest,
  fn: () =>
    withTopics(async ({ kafka, createTopic }) => {
      const topic = await createTopic("ts-markers", 1);
      // kafkajs logs the broker's CONCURRENT_TRANSACTIONS answers it retries: a quiet client.
      const brokers = (await realServices()).kafkaBrokers.split(",");
      const quiet = createKafka(brokers, { logLevel: logLevel.NOTHING });
      const producer = quiet.producer({
        transactionalId: uniqueName("ts-markers-tx"),
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      try {
        // Offsets 0 1 (commit marker 2), 3 4 aborted (abort marker 5), 6 (commit marker 7).
        for (const [ids, commit] of [[["r1", "r2"], true], [["r3", "r4"], false], [["r5"], true]]) {
          const tx = await producer.transaction();
          await tx.send({
            topic,
            messages: (ids as string[]).map((id) => ({
              key: "p1",
              value: JSON.stringify({ review_id: id, product_id: "p1", rating: 4 }),
            })),
          });
          await (commit ? tx.commit() : tx.abort());
        }
      } finally {
        await producer.disconnect();
      }

      const delivered: { offset: number; id: unknown }[] = [];
      const skipped: [number, number][] = [];
      const source = await topicsSource({
        kafka,
        topics: { reviews: topic },
        groupId: uniqueName("ts-markers"),
        consumerConfig: { maxBytesPerPartition: 1 },
        onBatch: (batch, meta) => {
          batch.records.forEach((record, i) =>
            delivered.push({ offset: Number(meta.firstOffset) + i, id: record.fields.review_id })
          );
          return Promise.resolve();
        },
        onSkip: (_table, _partition, from, to) => skipped.push([Number(from), Number(to)]),
      });
      try {
        const covered = () => {
          const offsets = new Set(delivered.map((d) => d.offset));
          for (const [from, to] of skipped) for (let o = from; o < to; o++) offsets.add(o);
          return offsets;
        };
        await waitFor("offsets 0 to 7", () => covered().size >= 8);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(delivered, [
          { offset: 0, id: "r1" },
          { offset: 1, id: "r2" },
          { offset: 6, id: "r5" },
        ]);
        assert.deepEqual([...covered()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
        // The commit marker after r2 came alone in its fetch.
        assert.ok(skipped.some(([from, to]) => from === 2 && to === 3), JSON.stringify(skipped));
      } finally {
        await source.stop();
      }
    }),
});
