/**
 * Stopping the Kafka-fed live runner while Redis refuses every commit (a key of a foreign type,
 * out of memory, a read-only replica): the retry loop must give up on stop.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createClient } from "redis";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { dropPrefix, events, produce, TEST_KEY } from "./live_fixture.ts";

Deno.test({
  name: "startKafkaLive().stop() returns while Redis refuses the batch's commit (WRONGTYPE)",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { kafkaBrokers, redisUrl } = await realServices();
    const kafka = createKafka(kafkaBrokers.split(","));
    const topic = uniqueName("refusing");
    const prefix = `shopease:${uniqueName("refusing")}:`;
    // Another program's string where the store keeps its per-minute index: every commit fails.
    const raw = createClient({ url: redisUrl });
    await raw.connect();
    await raw.set(`${prefix}minutes:event_counts`, "not ours");
    await raw.close();
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopic(admin, topic, 1);
    await admin.disconnect();
    await produce(kafka, topic, events(200, 10, 7));
    const store = await RedisStore.connect(redisUrl, { prefix });
    const live = await startKafkaLive({
      kafka,
      topic,
      group: uniqueName("refusing"),
      store,
      pseudonym: createPseudonymizer(TEST_KEY),
      lateness: 60_000,
      idleTimeoutMs: 10_000,
      fromBeginning: true,
      sessionTimeoutMs: 6_000,
    });
    try {
      // The batch was taken: its commit is now being retried.
      for (let i = 0; i < 300 && live.runner.eventsIn === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(live.runner.eventsIn > 0, "no batch reached the runner in 30 s");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        live.stop().then(() => "stopped"),
        new Promise((resolve) => timer = setTimeout(() => resolve("still stopping"), 20_000)),
      ]);
      clearTimeout(timer);
      assert.equal(outcome, "stopped", "stop() waited on a commit Redis will never accept");
    } finally {
      await store.close();
      await dropPrefix(redisUrl, prefix);
    }
  },
});
