/**
 * Helpers of the live tests against the real Kafka and Redis: producing simulated events,
 * sentinels that close every window, waiting on stored progress, reading metrics back, and
 * running the consumer as a child process.
 *
 * @module
 */

import type { Kafka } from "kafkajs";
import { createClient } from "redis";
import { MINUTE_MS } from "../../../operators/time_buckets.ts";
import { globalWatermark } from "../../../pipeline/live/alert_evaluator.ts";
import type { MetricsStore } from "../../../pipeline/store/metrics_store.ts";
import {
  type SimulatedEvent,
  simulateEvents,
  type SpikeSpec,
} from "../../../dev/simulator/simulate_events.ts";

/** The key every live test pseudonymizes with (any fixed key works: only counts are compared). */
export const TEST_KEY = new TextEncoder().encode("live-test-key-0123456789abcdef");

/** Event time of the first simulated event. */
export const START = Date.UTC(2024, 0, 1);

/**
 * `count` simulated events from `START`, in event-time order.
 *
 * @param count how many
 * @param rate events per second of event time
 * @param seed traffic seed
 * @param spike an optional burst of one event type
 */
export function events(
  count: number,
  rate: number,
  seed: number,
  spike?: SpikeSpec,
): SimulatedEvent[] {
  const users = Math.max(50, rate * 20);
  const generator = simulateEvents({ rate, users, seed, startTime: START, spike });
  return Array.from({ length: count }, () => generator.next().value);
}

/**
 * Produces events keyed by user id, one request at a time so each partition keeps their order.
 *
 * @param kafka client
 * @param topic topic
 * @param list events in order (a user's events keep their order: one key, one partition)
 */
export async function produce(kafka: Kafka, topic: string, list: readonly object[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const chunk = 5000;
    for (let start = 0; start < list.length; start += chunk) {
      const messages = list.slice(start, start + chunk).map((e) => ({
        key: String((e as { user_id?: unknown }).user_id ?? ""),
        value: JSON.stringify(e),
      }));
      await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Produces to every partition one event far after `after` (10 minutes), so every partition's
 * watermark passes every minute up to `after` and those windows close.
 *
 * @returns the sentinel's minute start: compare minutes before it
 */
export async function produceSentinels(
  kafka: Kafka,
  topic: string,
  partitions: number,
  after: number,
): Promise<number> {
  const time = Math.floor((after + 10 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = Array.from({ length: partitions }, (_, partition) => ({
      partition,
      value: JSON.stringify({
        event_time: new Date(time).toISOString(),
        event_type: "view",
        product_id: "sentinel",
        user_id: `sentinel-${partition}`,
        user_session: `sentinel-${partition}`,
        event_id: `sentinel-${partition}`,
      }),
    }));
    await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
  } finally {
    await producer.disconnect();
  }
  return time;
}

/**
 * Waits until every partition's stored watermark passes `through` (all windows before it
 * are closed and committed).
 */
export async function waitClosed(
  store: MetricsStore,
  group: string,
  partitions: number,
  through: number,
  timeoutMs = 60_000,
): Promise<void> {
  const all = Array.from({ length: partitions }, (_, p) => p);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await store.readProgress(group);
    if (globalWatermark(progress, all) >= through) return;
    if (Date.now() > deadline) {
      const marks = [...progress.partitions.values()].map((p) =>
        `${p.partition}:${p.watermark}@${p.processed}`
      );
      throw new Error(
        `timed out waiting for watermarks past ${new Date(through).toISOString()}: ${marks}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Per-minute metrics in `[START, before)`, as report rows (event counts sparse). */
export async function metrics(store: MetricsStore, before: number) {
  const from = new Date(START).toISOString();
  const to = new Date(before - MINUTE_MS).toISOString();
  return {
    active_users: await store.queryMinutes("active_users", from, to),
    conversion: await store.queryMinutes("conversion", from, to),
    event_counts: (await store.queryMinutes("event_counts", from, to)).filter((r) => r.count > 0),
  };
}

/** Quarantine and valid counts of a group, summed over partitions. */
export async function quality(store: MetricsStore, group: string): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const p of (await store.readProgress(group)).partitions.values()) {
    for (const [reason, count] of Object.entries(p.quality ?? {})) {
      sums[reason] = (sums[reason] ?? 0) + count;
    }
  }
  return sums;
}

/** Deletes every Redis key under `prefix`. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const raw = createClient({ url: redisUrl });
  await raw.connect();
  try {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(keys);
  } finally {
    await raw.close();
  }
}

/** Settings of a consumer child process. */
export interface ChildSettings {
  brokers: string;
  redisUrl: string;
  topic: string;
  group: string;
  prefix: string;
  lateness: number;
}

/**
 * Starts `live_consumer_child.ts` (the live runner on Kafka into Redis) as a child process.
 *
 * @returns the child; kill it with `kill("SIGKILL")` or stop it with `kill("SIGTERM")`
 */
export function spawnConsumer(settings: ChildSettings): Deno.ChildProcess {
  const script = new URL("./live_consumer_child.ts", import.meta.url).pathname;
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, JSON.stringify(settings)],
    stdout: "null",
    stderr: "inherit",
    env: { SHOPEASE_LOG_LEVEL: "warn" },
  }).spawn();
}
