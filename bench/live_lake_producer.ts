/**
 * The producer side of `deno task bench live-lake`'s latency run, in a child process so its work
 * does not land in the consumer's timings: simulated activity stamped with the wall clock, and a
 * transaction for every purchase, sent every 100 ms to the activity and transactions topics.
 *
 * Messages are keyed by user id and given their partition here (one hash for both topics, so a
 * user's clicks and purchases share a partition number), so each request's offsets are known:
 * one JSON line per topic partition and request on stdout, `{ topic, partition, base, count, at }`
 * (`at`: `Date.now()` just before the request), then `{ "done": true, "messages": N }`.
 *
 * Run: `deno run -A bench/live_lake_producer.ts BROKERS TOPIC_PREFIX PARTITIONS RATE DURATION_MS`.
 *
 * @module
 */

import { logLevel } from "kafkajs";
import { createKafka } from "../pipeline/kafka/create_kafka.ts";
import { topicNames } from "../pipeline/kafka/topic_names.ts";
import { simulateEvents } from "../dev/simulator/simulate_events.ts";

const TICK_MS = 100;

/** FNV-1a of the key modulo `partitions`: stable, the same for both topics. */
function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

async function main(args: string[]): Promise<void> {
  const [brokers, prefix, partitionText, rateText, durationText] = args;
  const partitions = Number(partitionText);
  const rate = Number(rateText);
  const durationMs = Number(durationText);
  const topics = topicNames(prefix);
  const kafka = createKafka(brokers.split(","), { logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const start = Date.now();
  const events = simulateEvents({ rate, users: 20_000, seed: start % 2 ** 31, startTime: start });
  let pending = events.next().value;
  let messages = 0;
  let sequence = 0;
  const lines: string[] = [];
  try {
    while (Date.now() < start + durationMs) {
      const tickStart = Date.now();
      const byTopic = new Map<string, { key: string; value: string; partition: number }[]>();
      const add = (topic: string, key: string, value: object) => {
        let list = byTopic.get(topic);
        if (list === undefined) byTopic.set(topic, list = []);
        list.push({ key, value: JSON.stringify(value), partition: partitionOf(key, partitions) });
      };
      while (Date.parse(pending.event_time) <= tickStart) {
        add(topics.activity, pending.user_id, pending);
        if (pending.event_type === "purchase") {
          sequence++;
          add(topics.transactions, pending.user_id, {
            transaction_id: `bench-${start}-${sequence}`,
            order_id: `bench-o-${start}-${sequence}`,
            user_id: pending.user_id,
            product_id: pending.product_id,
            quantity: 1,
            unit_price: pending.price,
            type: "purchase",
            timestamp: pending.event_time,
            country: "DE",
            payment_method: "card",
          });
        }
        pending = events.next().value;
      }
      if (byTopic.size > 0) {
        // One request per partition, so the broker's base offset numbers exactly its messages.
        const requests: Promise<void>[] = [];
        for (const [topic, list] of byTopic) {
          for (let p = 0; p < partitions; p++) {
            const batch = list.filter((m) => m.partition === p);
            if (batch.length === 0) continue;
            const at = Date.now();
            requests.push(
              producer.send({ topic, messages: batch, acks: -1 }).then((meta) => {
                const base = Number(meta[0].baseOffset);
                lines.push(JSON.stringify({ topic, partition: p, base, count: batch.length, at }));
              }),
            );
            messages += batch.length;
          }
        }
        await Promise.all(requests);
      }
      const wait = tickStart + TICK_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    await producer.disconnect();
  }
  console.log([...lines, JSON.stringify({ done: true, messages })].join("\n"));
}

if (import.meta.main) await main(Deno.args);
