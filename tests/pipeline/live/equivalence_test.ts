/**
 * Replay from a file and the live runner on Kafka into Redis, over the same events, give the
 * same per-minute metrics and the same spike alerts.
 */
import assert from "node:assert/strict";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../../pipeline/kafka/ensure_topic.ts";
import { AlertEvaluator } from "../../../pipeline/live/alert_evaluator.ts";
import { startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { replay } from "../../../pipeline/replay.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import {
  dropPrefix,
  events,
  metrics,
  produce,
  produceSentinels,
  quality,
  START,
  TEST_KEY,
  waitClosed,
} from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;
const SPIKE = { warmup: 5, minCount: 10 };

async function readReport(lake: string, name: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await Deno.readTextFile(`${lake}/reports/${name}.json`));
}

Deno.test({
  name:
    "replay of a file and the live runner on Kafka give identical per-minute metrics and alerts",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // 20 minutes of traffic with a purchase spike from minute 12.
    const list = events(6_000, 5, 11, {
      eventType: "purchase",
      factor: 8,
      at: 12 * 60_000,
      minutes: 2,
    });
    const dir = await Deno.makeTempDir({ prefix: "shopease-equivalence-" });
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    const topic = uniqueName("equivalence");
    const group = uniqueName("group");
    const prefix = `shopease:${uniqueName("equivalence")}:`;
    await admin.connect();
    const store = await RedisStore.connect(redisUrl, { prefix });
    try {
      const path = `${dir}/activity.ndjson`;
      await Deno.writeTextFile(path, list.map((e) => JSON.stringify(e)).join("\n") + "\n");
      const pseudonym = createPseudonymizer(TEST_KEY);
      await replay({
        inputs: new Map([["activity", [path]]]),
        lake: `${dir}/lake`,
        batchSize: 500,
        lateness: LATENESS,
        lookback: 86_400_000,
        topN: 10,
        spike: SPIKE,
        pseudonym,
        progress: false,
      });

      await ensureTopic(admin, topic, 4);
      await produce(kafka, topic, list);
      const last = Date.parse(list[list.length - 1].event_time);
      const sentinel = await produceSentinels(kafka, topic, 4, last);
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
      const evaluator = new AlertEvaluator({ store, spike: SPIKE });
      await evaluator.step(await store.readProgress(group), [0, 1, 2, 3]);

      const got = await metrics(store, sentinel);
      const lake = `${dir}/lake`;
      assert.ok(got.active_users.length >= 19, `${got.active_users.length} minutes`);
      assert.equal(Date.parse(got.active_users[0].minute), START);
      assert.deepEqual(got.active_users, await readReport(lake, "active_users"));
      assert.deepEqual(got.conversion, await readReport(lake, "conversion"));
      assert.deepEqual(got.event_counts, await readReport(lake, "event_counts"));
      const counts = await quality(store, group);
      assert.deepEqual(counts, { valid: list.length + 4 }, "every event valid, none late");
      const alerts = (await store.alerts()).reverse();
      assert.ok(alerts.some((a) => a.state === "firing"), "the spike fired");
      assert.deepEqual(alerts, await readReport(lake, "alerts"));
    } finally {
      await store.close();
      await dropPrefix(redisUrl, prefix);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
