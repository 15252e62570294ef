/**
 * `deno task bench live`: Kafka → Redis throughput of the live runner on a pre-produced backlog,
 * and event-to-store latency at a fixed produce rate (the simulator in a child process).
 *
 * @module
 */

import type { Kafka } from "kafkajs";
import { createClient } from "redis";
import { fileURLToPath } from "node:url";
import { createKafka } from "../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../pipeline/kafka/ensure_topic.ts";
import { log } from "../pipeline/log.ts";
import { createPseudonymizer } from "../pipeline/pseudonymizer.ts";
import { servicesUp } from "../dev/services/services_up.ts";
import { simulateEvents } from "../dev/simulator/simulate_events.ts";
import { RedisStore } from "../pipeline/store/redis_store.ts";
import { startKafkaLive } from "../pipeline/live/kafka_live.ts";
import type { CommittedBatch } from "../pipeline/live/live_runner.ts";

/** Options of {@linkcode benchLive}. */
export interface LiveBenchOptions {
  /** Backlog size for the throughput run (default 1,000,000). */
  events: number;
  /** Produce rate of the latency run, events/s (default 5,000). */
  rate: number;
  /** Length of the latency run, ms (default 30 s). */
  durationMs: number;
}

const PARTITIONS = 4;
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** Produces `count` simulated events (event time from 2024-01-01) keyed by user id. */
async function produceBacklog(kafka: Kafka, topic: string, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const events = simulateEvents({
    rate: 2_000,
    users: 40_000,
    seed: 5,
    startTime: Date.UTC(2024, 0, 1),
  });
  try {
    for (let sent = 0; sent < count;) {
      const n = Math.min(10_000, count - sent);
      const messages = new Array<{ key: string; value: string }>(n);
      for (let i = 0; i < n; i++) {
        const event = events.next().value;
        messages[i] = { key: event.user_id, value: JSON.stringify(event) };
      }
      await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
      sent += n;
    }
  } finally {
    await producer.disconnect();
  }
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Consumed {
  commits: CommittedBatch[];
  seconds: number;
}

/** Consumes `topic` into a fresh Redis prefix until `until` says so; every commit is kept. */
async function consume(
  kafka: Kafka,
  redisUrl: string,
  topic: string,
  until: (records: number, commits: CommittedBatch[]) => boolean,
  during?: () => Promise<void>,
): Promise<Consumed> {
  const prefix = `shopease:bench-${crypto.randomUUID().slice(0, 8)}:`;
  const store = await RedisStore.connect(redisUrl, { prefix });
  const commits: CommittedBatch[] = [];
  let records = 0;
  const started = performance.now();
  const live = await startKafkaLive({
    kafka,
    topic,
    group: `bench-${crypto.randomUUID().slice(0, 8)}`,
    store,
    pseudonym: createPseudonymizer(crypto.getRandomValues(new Uint8Array(32))),
    lateness: 30_000,
    idleTimeoutMs: 10_000,
    fromBeginning: true,
    onCommit(commit) {
      commits.push(commit);
      records += commit.timestamps?.length ?? 0;
    },
  });
  try {
    const side = during?.();
    while (!until(records, commits)) await new Promise((resolve) => setTimeout(resolve, 20));
    await side;
  } finally {
    await live.stop();
    await store.close();
    const raw = createClient({ url: redisUrl });
    await raw.connect();
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(keys);
    await raw.close();
  }
  return { commits, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs both measurements against `KAFKA_BROKERS` and `REDIS_URL` (or the local services) and
 * returns a Markdown table.
 *
 * @param opts sizes of the runs
 * @returns the table
 */
export async function benchLive(opts: LiveBenchOptions): Promise<string> {
  const env = { brokers: Deno.env.get("KAFKA_BROKERS"), redis: Deno.env.get("REDIS_URL") };
  const services = env.brokers && env.redis
    ? { kafkaBrokers: env.brokers, redisUrl: env.redis }
    : await servicesUp();
  const kafka = createKafka(services.kafkaBrokers.split(","));
  const admin = kafka.admin();
  await admin.connect();
  const backlog = `bench-live-${crypto.randomUUID().slice(0, 8)}`;
  const paced = `bench-paced-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await ensureTopic(admin, backlog, PARTITIONS);
    await ensureTopic(admin, paced, PARTITIONS);
    log.info(`bench live: producing ${opts.events.toLocaleString("en-US")} events to ${backlog}`);
    const producedAt = performance.now();
    await produceBacklog(kafka, backlog, opts.events);
    const produceSeconds = (performance.now() - producedAt) / 1000;

    log.info("bench live: consuming the backlog into Redis");
    const bulk = await consume(kafka, services.redisUrl, backlog, (n) => n >= opts.events);
    const first = bulk.commits[0];
    const last = bulk.commits[bulk.commits.length - 1];
    const steady = opts.events - (first.timestamps?.length ?? 0);
    const sustained = steady / ((last.at - first.at) / 1000);

    log.info(
      `bench live: producing ${opts.rate} events/s for ${opts.durationMs / 1000} s (child process)`,
    );
    let expected = Infinity;
    const paced$ = await consume(
      kafka,
      services.redisUrl,
      paced,
      (n) => n >= expected,
      async () => {
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            MAIN,
            "simulate",
            "--brokers",
            services.kafkaBrokers,
            "--topic",
            paced,
            "--rate",
            String(opts.rate),
            "--users",
            "20000",
            "--duration",
            `${opts.durationMs}ms`,
          ],
          stdout: "null",
          stderr: "piped",
        }).output();
        const done = await child;
        const text = new TextDecoder().decode(done.stderr);
        const m = /simulate: (\d+) events/.exec(text);
        if (!done.success || !m) throw new Error(`simulate failed: ${text.slice(-500)}`);
        expected = Number(m[1]);
      },
    );
    const latencies: number[] = [];
    for (const commit of paced$.commits) {
      for (const t of commit.timestamps ?? []) latencies.push(commit.at - t);
    }
    const sorted = Float64Array.from(latencies).sort();
    const row = (...cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
    const n = (x: number) => Math.round(x).toLocaleString("en-US");
    return [
      row("measurement", "events", "figure"),
      row("---", "---", "---"),
      row(
        "backlog produced (kafkajs, acks=all)",
        n(opts.events),
        `${n(opts.events / produceSeconds)} events/s`,
      ),
      row(
        "Kafka → Redis, sustained (first to last commit)",
        n(opts.events),
        `**${n(sustained)} events/s**`,
      ),
      row(
        "Kafka → Redis, wall clock incl. group join",
        n(opts.events),
        `${n(opts.events / bulk.seconds)} events/s`,
      ),
      row(
        `event → Redis latency p50 at ${n(opts.rate)} events/s`,
        n(sorted.length),
        `${n(percentile(sorted, 0.5))} ms`,
      ),
      row(
        `event → Redis latency p99 at ${n(opts.rate)} events/s`,
        n(sorted.length),
        `**${n(percentile(sorted, 0.99))} ms**`,
      ),
      row("event → Redis latency max", n(sorted.length), `${n(sorted[sorted.length - 1])} ms`),
    ].join("\n");
  } finally {
    await admin.deleteTopics({ topics: [backlog, paced] }).catch(() => {});
    await admin.disconnect();
  }
}
