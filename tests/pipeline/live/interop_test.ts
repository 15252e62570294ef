/**
 * Events produced by kcat (librdkafka, a client we did not write) are consumed by the live
 * runner and counted exactly as a replay of the same events counts them.
 */
import assert from "node:assert/strict";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { replay } from "../../../pipeline/replay.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import {
  dropPrefix,
  events,
  metrics,
  produceSentinels,
  quality,
  TEST_KEY,
  waitClosed,
} from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;

Deno.test({
  name: "events produced with kcat are consumed and counted as replay counts them",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const list = events(3_000, 5, 51);
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    const topic = uniqueName("kcat");
    const group = uniqueName("group");
    const prefix = `shopease:${uniqueName("kcat")}:`;
    const dir = await Deno.makeTempDir({ prefix: "shopease-kcat-" });
    await admin.connect();
    const store = await RedisStore.connect(redisUrl, { prefix });
    try {
      await ensureTopic(admin, topic, 4);
      const lines = list.map((e) => `${e.user_id}:${JSON.stringify(e)}\n`).join("");
      const kcat = new Deno.Command("kcat", {
        args: [
          "-P",
          "-b",
          kafkaBrokers,
          "-t",
          topic,
          "-K:",
          "-X",
          "topic.partitioner=murmur2_random",
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = kcat.stdin.getWriter();
      await writer.write(new TextEncoder().encode(lines));
      await writer.close();
      const done = await kcat.output();
      assert.ok(done.success, new TextDecoder().decode(done.stderr));
      const last = Date.parse(list[list.length - 1].event_time);
      const sentinel = await produceSentinels(kafka, topic, 4, last);

      const pseudonym = createPseudonymizer(TEST_KEY);
      const live = await startKafkaLive({
        kafka,
        topic,
        group,
        store,
        pseudonym,
        lateness: LATENESS,
        idleTimeoutMs: 10_000,
        fromBeginning: true,
      });
      try {
        await waitClosed(store, group, 4, sentinel - LATENESS);
      } finally {
        await live.stop();
      }
      const ends = await admin.fetchTopicOffsets(topic);
      assert.ok(ends.filter((p) => Number(p.high) > 1).length > 1, "keys spread over partitions");
      assert.deepEqual(await quality(store, group), { valid: list.length + 4 });

      const path = `${dir}/activity.ndjson`;
      await Deno.writeTextFile(path, list.map((e) => JSON.stringify(e)).join("\n") + "\n");
      await replay({
        inputs: new Map([["activity", [path]]]),
        lake: `${dir}/lake`,
        batchSize: 500,
        lateness: LATENESS,
        lookback: 86_400_000,
        topN: 10,
        spike: {},
        pseudonym,
        progress: false,
      });
      const report = async (name: string) =>
        JSON.parse(await Deno.readTextFile(`${dir}/lake/reports/${name}.json`));
      const got = await metrics(store, sentinel);
      assert.deepEqual(got.active_users, await report("active_users"));
      assert.deepEqual(got.conversion, await report("conversion"));
      assert.deepEqual(got.event_counts, await report("event_counts"));
    } finally {
      await store.close();
      await dropPrefix(redisUrl, prefix);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
