/**
 * History produced to a topic after the consumer has idled past its idle timeout is on time:
 * idleness marks partitions idle and moves no watermark, so nothing is quarantined as late and
 * the metrics equal a replay of the same events.
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
  produce,
  produceSentinels,
  quality,
  START,
  TEST_KEY,
  waitClosed,
} from "./live_fixture.ts";

const { kafkaBrokers, redisUrl } = await realServices();
const LATENESS = 60_000;
const IDLE_MS = 1_000;
const PARTITIONS = 4;

async function readReport(lake: string, name: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await Deno.readTextFile(`${lake}/reports/${name}.json`));
}

Deno.test({
  name:
    "history produced after the consumer idled past its idle timeout is not late and matches a replay",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // 10 minutes of traffic from 2024: years behind the wall clock.
    const list = events(3_000, 5, 23);
    const dir = await Deno.makeTempDir({ prefix: "shopease-idle-history-" });
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    const topic = uniqueName("idle-history");
    const group = uniqueName("group");
    const prefix = `shopease:${uniqueName("idle-history")}:`;
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
        spike: {},
        pseudonym,
        progress: false,
      });

      await ensureTopic(admin, topic, PARTITIONS);
      const live = await startKafkaLive({
        kafka,
        topic,
        group,
        store,
        pseudonym,
        lateness: LATENESS,
        idleTimeoutMs: IDLE_MS,
        fromBeginning: true,
      });
      try {
        // The empty topic's partitions go idle, and the store hears of it.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const stored = (await store.readProgress(group)).partitions;
          if (stored.size === PARTITIONS) break;
          if (Date.now() > deadline) {
            throw new Error(`only ${stored.size} of ${PARTITIONS} partitions stored progress`);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        for (const p of (await store.readProgress(group)).partitions.values()) {
          assert.equal(
            p.watermark ?? null,
            null,
            `partition ${p.partition}: idleness set a watermark`,
          );
          assert.equal(p.idle, true, `partition ${p.partition} is not marked idle`);
        }
        // Well past the idle timeout, then the history arrives.
        await new Promise((r) => setTimeout(r, 3 * IDLE_MS));
        await produce(kafka, topic, list);
        const last = Date.parse(list[list.length - 1].event_time);
        const sentinel = await produceSentinels(kafka, topic, PARTITIONS, last);
        await waitClosed(store, group, PARTITIONS, sentinel - LATENESS);

        assert.deepEqual(
          await quality(store, group),
          { valid: list.length + PARTITIONS },
          "every event valid, none late",
        );
        const got = await metrics(store, sentinel);
        const lake = `${dir}/lake`;
        assert.ok(got.active_users.length >= 9, `${got.active_users.length} minutes`);
        assert.equal(Date.parse(got.active_users[0].minute), START);
        assert.deepEqual(got.active_users, await readReport(lake, "active_users"));
        assert.deepEqual(got.conversion, await readReport(lake, "conversion"));
        assert.deepEqual(got.event_counts, await readReport(lake, "event_counts"));
      } finally {
        await live.stop();
      }
    } finally {
      await store.close();
      await dropPrefix(redisUrl, prefix);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
