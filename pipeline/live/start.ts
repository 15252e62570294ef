/**
 * `deno task start`: the live pipeline and the console in one process. With Kafka and Redis it
 * consumes the topic into Redis; with neither it runs the simulator in-process into memory.
 *
 * @module
 */

import { safeUrl } from "../store/safe_url.ts";
import { buildUi, uiIsStale } from "../../server/build_ui.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { startServer } from "../../server/start_server.ts";
import { createKafka } from "../kafka/create_kafka.ts";
import { log } from "../log.ts";
import { durationText } from "../options.ts";
import { ANON_KEY_ENV, createPseudonymizer, loadAnonKey } from "../pseudonymizer.ts";
import { MemoryStore } from "../store/memory_store.ts";
import type { MetricsStore } from "../store/metrics_store.ts";
import { RedisStore } from "../store/redis_store.ts";
import { AlertEvaluator } from "./alert_evaluator.ts";
import { assertPortFree } from "./assert_port_free.ts";
import { backfillHistory } from "./backfill_history.ts";
import { startKafkaLive } from "./kafka_live.ts";
import { LiveMonitor, type TopicOffsets } from "./live_monitor.ts";
import { LiveRunner } from "./live_runner.ts";
import { type SimulatorLive, startSimulatorLive } from "./simulator_live.ts";
import type { StartConfig } from "./start_options.ts";
import { plausibleTimeAt } from "../../operators/plausible_time.ts";
import { StoreLiveFeed } from "./store_live_feed.ts";
import { runLiveLake } from "../live_lake/run_live_lake.ts";
import { topicNames } from "../kafka/topic_names.ts";
import { reportFamilies } from "../../operators/partials/mod.ts";

/** Waits for the simulator's history to be in the store, saying so; stops it on failure. */
async function playHistory(simulator: SimulatorLive): Promise<void> {
  const minutes = Math.round(simulator.historyMs / 60_000);
  log.info(`start: simulating the last ${minutes} minutes of traffic first`);
  const started = performance.now();
  try {
    const events = await simulator.caughtUp;
    const seconds = (performance.now() - started) / 1000;
    log.info(
      `start: simulated ${events.toLocaleString("en-US")} events of history in ${
        seconds.toFixed(1)
      } s`,
    );
  } catch (error) {
    await simulator.stop();
    throw error;
  }
}

/** A running live session. */
export interface LiveSession {
  /** The console's base URL. */
  url: string;
  /** Stops consuming (the batch in progress is committed), then the server and the clients. */
  stop(): Promise<void>;
}

/**
 * Starts everything `start` runs: backfill of an empty lake, console build when the source is
 * newer than the build, the metrics store, the source (Kafka, or the in-process simulator after
 * its history) through the live runner, the alert evaluator, and the server. Prints what it
 * uses on stderr.
 *
 * @param config parsed options
 * @returns the session
 * @example
 * ```ts
 * import { parseStartOptions } from "./start_options.ts";
 * // Only type-checked here: it backfills ./lake and serves the console until stopped.
 * async function serve(): Promise<void> {
 *   const session = await startLive(parseStartOptions(["--port", "0"]));
 *   console.log(session.url);
 *   await session.stop();
 * }
 * ```
 */
export async function startLive(config: StartConfig): Promise<LiveSession> {
  // Before the backfill and the history, which take seconds: a taken port fails at once.
  assertPortFree(config.host, config.port);
  const key = await loadAnonKey({ env: Deno.env.get(ANON_KEY_ENV), keyFile: config.anonKeyFile });
  const pseudonym = createPseudonymizer(key);
  // With a live lake the console's reports come from the topics, not from a backfill.
  if (config.liveLake === undefined) await backfillHistory(config.lake, pseudonym);
  if (await uiIsStale()) {
    log.info("start: building the console (ui/dist is missing or older than ui/)");
    await buildUi();
  }

  const kafkaMode = config.services !== null;
  const store: MetricsStore = kafkaMode
    ? await RedisStore.connect(config.services!.redisUrl, { prefix: config.prefix })
    : new MemoryStore();
  const hub = new SseHub();
  const unsubscribe = store.subscribeAlerts((row) => hub.publish("alert", row));
  const evaluator = new AlertEvaluator({
    store,
    spike: config.spike,
    onMinute: (event) => hub.publish("metrics", event),
    // Open minutes change every second and are superseded: transient, not kept for resume.
    onOpenMinute: (event) => hub.broadcast("metrics", event),
  });
  const runnerOptions = {
    store,
    group: config.group,
    pseudonym,
    lateness: config.lateness,
    // Live data is near "now", so the window follows the clock (read once per batch).
    plausibleTime: () =>
      plausibleTimeAt(Date.now(), config.plausible.maxFutureMs, config.plausible.minEventTime),
    idleTimeoutMs: config.idleTimeoutMs,
    fromBeginning: config.fromBeginning,
  };

  let eventsIn: () => number;
  let topicOffsets: () => Promise<TopicOffsets>;
  let stopSource: () => Promise<unknown>;
  let source: string;
  if (kafkaMode) {
    const { brokers } = config.services!;
    const live = await startKafkaLive({
      ...runnerOptions,
      kafka: createKafka(brokers),
      topic: config.topic,
    });
    eventsIn = () => live.runner.eventsIn;
    topicOffsets = () => live.topicOffsets();
    stopSource = () => live.stop();
    source = `Kafka ${brokers.join(",")} topic ${config.topic} group ${config.group}`;
  } else {
    const runner = new LiveRunner(runnerOptions);
    const simulator = startSimulatorLive({ runner, ...config.simulator });
    if (simulator.historyMs > 0) await playHistory(simulator);
    eventsIn = () => runner.eventsIn;
    topicOffsets = () => Promise.resolve(new Map([[0, { low: 0n, high: 0n }]]));
    stopSource = () => simulator.stop();
    const { rate, users } = config.simulator;
    source =
      `in-process simulator (${rate} events/s, ${users} users; set KAFKA_BROKERS and REDIS_URL for Kafka)`;
  }

  const lake = kafkaMode && config.liveLake !== undefined
    ? startLakeLive(config, config.liveLake, pseudonym)
    : null;

  const monitor = new LiveMonitor({
    store,
    group: config.group,
    evaluator,
    eventsIn,
    topicOffsets,
    measureLag: kafkaMode,
  });
  monitor.start();
  const server = startServer({
    lakeDir: config.liveLake?.dir ?? config.lake,
    hub,
    live: new StoreLiveFeed(store, monitor),
    hostname: config.host,
    port: config.port,
    currency: config.currency,
    allowedHosts: config.allowHosts,
    ...config.http,
  });
  const where = kafkaMode
    ? `Redis ${safeUrl(config.services!.redisUrl)} prefix ${config.prefix}`
    : "in memory";
  log.info(`start: source   ${source}`);
  log.info(
    `start: metrics  ${where} (lateness ${durationText(config.lateness)}, idle timeout ${
      durationText(config.idleTimeoutMs)
    })`,
  );
  log.info(
    lake === null
      ? `start: lake     ${config.lake}`
      : `start: lake     ${config.liveLake!.dir}, live from ${
        config.liveLake!.topicPrefix
      }* (group ${config.group}-lake)`,
  );
  log.info(`start: console  ${server.url}`);

  return {
    url: server.url,
    async stop() {
      await stopSource();
      await lake?.stop();
      await monitor.stop();
      unsubscribe();
      await server.shutdown();
      await store.close();
    },
  };
}

/** Runs the live lake in the background; a failure is logged, the console keeps serving. */
function startLakeLive(
  config: StartConfig,
  live: { dir: string; topicPrefix: string },
  pseudonym: (id: string) => string,
): { stop(): Promise<void> } {
  const controller = new AbortController();
  const run = runLiveLake({
    kafka: createKafka(config.services!.brokers),
    topics: topicNames(live.topicPrefix),
    group: `${config.group}-lake`,
    lake: live.dir,
    redisUrl: config.services!.redisUrl,
    clean: {
      pseudonym,
      lateness: config.lateness,
      plausibleTime: () =>
        plausibleTimeAt(Date.now(), config.plausible.maxFutureMs, config.plausible.minEventTime),
    },
    families: reportFamilies({ lookback: 86_400_000, topN: 10, spike: config.spike }),
    untilCaughtUp: false,
    currency: config.currency ?? null,
    signal: controller.signal,
  }).catch((error) => {
    log.error(`start: live lake stopped: ${error instanceof Error ? error.message : error}`);
  });
  return {
    async stop() {
      controller.abort();
      await run;
    },
  };
}
