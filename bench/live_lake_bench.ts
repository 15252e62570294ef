/**
 * `deno task bench live-lake`: the live lake (`deno task consume`) against `replay` on one input,
 * and the event → lake part and event → reports latency of a running consumer.
 *
 * Throughput: a generated input is produced into four fresh 4-partition topics, then
 * `consume --until-caught-up` into a fresh lake and `replay` of the same files run as children
 * (alternating which goes first), each with its wall time and peak RSS (VmHWM).
 *
 * Latency: `runLiveLake` runs in this process while a child produces activity (and a transaction
 * per purchase) stamped now, at a steady rate: first on empty topics and a new lake, then on the
 * last throughput run's topics and lake (a restart: the consumer reads and verifies the whole
 * backlog first, and the reports then hold its 13 months).
 *
 * @module
 */

import { createKafka } from "../pipeline/kafka/create_kafka.ts";
import { prepareTopics } from "../pipeline/kafka/prepare_topics.ts";
import { topicNames } from "../pipeline/kafka/topic_names.ts";
import { SnapshotStore } from "../pipeline/live_lake/snapshot_store.ts";
import { log } from "../pipeline/log.ts";
import { servicesUp } from "../dev/services/services_up.ts";
import { measureChild, type RunFigures } from "./measure_child.ts";
import { lakeCensus, type TableCensus } from "./lake_census.ts";
import { type LatencyFigures, measureLatency } from "./live_lake_latency.ts";
import { formatLiveLakeBench } from "./live_lake_table.ts";

/** Options of {@linkcode benchLiveLake}. */
export interface LiveLakeBenchOptions {
  /** Input folder; generated with `events` into a temporary folder when absent. */
  data?: string;
  /** Events to generate (default 300,000). */
  events: number;
  /** Throughput runs (each: produce, then consume and replay in alternating order). */
  runs: number;
  /** Activity events/s of the latency runs. */
  rate: number;
  durationMs: number;
  /** Scratch folder for lakes (and the generated input). */
  scratch: string;
}

const PARTITIONS = 4;
const TABLES = ["activity", "transactions", "inventory", "reviews", "quarantine", "reports"];

/** One throughput run's figures. */
export interface LiveLakeRun {
  records: number;
  produce: RunFigures;
  consume: RunFigures;
  replay: RunFigures;
  live: TableCensus[];
  replayed: TableCensus[];
  loads: string[];
}

/** Load averages (1, 5, 15 min) now. */
function load(): string {
  return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
}

/**
 * Runs the benchmark against `KAFKA_BROKERS` and `REDIS_URL` (or the local services), deleting
 * its topics and Redis keys at the end.
 *
 * @param opts input, runs, latency rate and length, scratch folder
 * @returns Markdown tables for docs/BENCHMARKS.md
 */
export async function benchLiveLake(opts: LiveLakeBenchOptions): Promise<string> {
  const env = { brokers: Deno.env.get("KAFKA_BROKERS"), redis: Deno.env.get("REDIS_URL") };
  const services = env.brokers && env.redis
    ? { kafkaBrokers: env.brokers, redisUrl: env.redis }
    : await servicesUp();
  await Deno.remove(opts.scratch, { recursive: true }).catch(() => {});
  await Deno.mkdir(opts.scratch, { recursive: true });
  const data = opts.data ?? `${opts.scratch}/data`;
  if (opts.data === undefined) {
    log.info(`bench live-lake: generating ${opts.events} events into ${data}`);
    await measureChild([
      "run",
      "-A",
      "main.ts",
      "generate",
      "--events",
      String(opts.events),
      "--out",
      data,
      "--no-progress",
    ]);
  }
  const key = crypto.getRandomValues(new Uint8Array(32));
  const hexKey = [...key].map((b) => b.toString(16).padStart(2, "0")).join("");
  const childEnv = { SHOPEASE_ANON_KEY: hexKey, SHOPEASE_LOG_LEVEL: "warn" };
  const id = crypto.randomUUID().slice(0, 8);
  const kafka = createKafka(services.kafkaBrokers.split(","));
  const admin = kafka.admin();
  await admin.connect();
  const created: string[] = [];
  const groups: string[] = [];
  const runs: LiveLakeRun[] = [];
  const latencies: { label: string; figures: LatencyFigures }[] = [];
  try {
    for (let i = 1; i <= opts.runs; i++) {
      const prefix = `bench-lake-${id}-${i}.`;
      created.push(...Object.values(topicNames(prefix)));
      const group = `bench-lake-${id}-${i}`;
      groups.push(group);
      const lake = `${opts.scratch}/live-${i}`;
      const replayLake = `${opts.scratch}/replay-${i}`;
      const loads = [load()];
      log.info(`bench live-lake: run ${i}: producing ${data} into ${prefix}*`);
      const produce = await measureChild([
        "run",
        "-A",
        "main.ts",
        "produce",
        "--input",
        data,
        "--brokers",
        services.kafkaBrokers,
        "--topic-prefix",
        prefix,
        "--partitions",
        String(PARTITIONS),
        "--no-progress",
      ]);
      const records = Number(/^total\s+(\d+)/m.exec(produce.output)?.[1] ?? NaN);
      const consume = () =>
        measureChild([
          "run",
          "-A",
          "main.ts",
          "consume",
          "--lake",
          lake,
          "--brokers",
          services.kafkaBrokers,
          "--redis",
          services.redisUrl,
          "--topic-prefix",
          prefix,
          "--group",
          group,
          "--until-caught-up",
        ], childEnv);
      const replay = () =>
        measureChild([
          "run",
          "-A",
          "main.ts",
          "replay",
          "--input",
          data,
          "--lake",
          replayLake,
          "--no-progress",
        ], childEnv);
      let c: RunFigures;
      let r: RunFigures;
      if (i % 2 === 1) {
        c = await consume();
        loads.push(load());
        r = await replay();
      } else {
        r = await replay();
        loads.push(load());
        c = await consume();
      }
      loads.push(load());
      const run: LiveLakeRun = {
        records,
        produce,
        consume: c,
        replay: r,
        live: lakeCensus(lake, TABLES),
        replayed: lakeCensus(replayLake, TABLES),
        loads,
      };
      runs.push(run);
      log.info(
        `bench live-lake: run ${i}: consume ${c.seconds.toFixed(1)} s (${
          c.peakRssMb.toFixed(0)
        } MB), replay ${r.seconds.toFixed(1)} s (${r.peakRssMb.toFixed(0)} MB)`,
      );
      await Deno.remove(replayLake, { recursive: true });
    }

    const fresh = `bench-lake-${id}-paced.`;
    const freshTopics = topicNames(fresh);
    created.push(...Object.values(freshTopics));
    await prepareTopics(admin, freshTopics, PARTITIONS);
    groups.push(`bench-lake-${id}-paced`);
    const base = {
      brokers: services.kafkaBrokers,
      redisUrl: services.redisUrl,
      partitions: PARTITIONS,
      key,
      rate: opts.rate,
      durationMs: opts.durationMs,
    };
    const empty = load();
    latencies.push({
      label: `new lake, empty topics (load ${empty})`,
      figures: await measureLatency({
        ...base,
        prefix: fresh,
        group: `bench-lake-${id}-paced`,
        lake: `${opts.scratch}/live-paced`,
        backlog: 0,
      }),
    });
    const last = runs.length;
    const restart = load();
    latencies.push({
      label: `restart on run ${last}'s lake and topics (load ${restart})`,
      figures: await measureLatency({
        ...base,
        prefix: `bench-lake-${id}-${last}.`,
        group: `bench-lake-${id}-${last}`,
        lake: `${opts.scratch}/live-${last}`,
        backlog: runs[last - 1].records,
      }),
    });
  } finally {
    await admin.deleteTopics({ topics: created }).catch((error) =>
      log.warn(`bench live-lake: could not delete topics: ${error.message}`)
    );
    await admin.disconnect();
    for (const group of groups) {
      const store = await SnapshotStore.connect(services.redisUrl, `shopease:lake:${group}`);
      await store.clear();
      await store.close();
    }
    await Deno.remove(opts.scratch, { recursive: true }).catch(() => {});
  }
  return formatLiveLakeBench(runs, latencies, opts.rate);
}
