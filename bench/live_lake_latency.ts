/**
 * The latency run of `deno task bench live-lake`: `runLiveLake` in this process (not caught-up
 * mode), a child producing activity and transactions at a steady rate, and per message the time
 * from its produce request to (a) the lake part holding it and (b) the reports rewrite that
 * reflects it.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { logLevel } from "kafkajs";
import { createKafka } from "../pipeline/kafka/create_kafka.ts";
import { topicNames } from "../pipeline/kafka/topic_names.ts";
import { createPseudonymizer } from "../pipeline/pseudonymizer.ts";
import { reportFamilies } from "../operators/partials/mod.ts";
import {
  ANALYTICS_OPTIONS,
  analyticsFromOptions,
  plausibleFromOptions,
} from "../pipeline/graph/mod.ts";
import { parseOptions } from "../pipeline/options.ts";
import { runLiveLake } from "../pipeline/live_lake/run_live_lake.ts";
import { log } from "../pipeline/log.ts";
import { type Committed, matchLatencies, type ReportsSeen, type Sent } from "./latency_match.ts";

const PRODUCER = fileURLToPath(new URL("./live_lake_producer.ts", import.meta.url));

/** Options of {@linkcode measureLatency}. */
export interface LatencyOptions {
  brokers: string;
  redisUrl: string;
  /** Topics `<prefix>activity` … (they exist, with `partitions` partitions). */
  prefix: string;
  partitions: number;
  group: string;
  lake: string;
  /** Pseudonymization key. */
  key: Uint8Array;
  /** Messages already in the topics: consumed (caught up) before the producer starts. */
  backlog: number;
  /** Activity events per second (transactions add one per purchase). */
  rate: number;
  durationMs: number;
}

/** What a latency run measured. */
export interface LatencyFigures {
  /** Seconds from start until the backlog was in the lake (0 without a backlog). */
  catchUpSeconds: number;
  /** Messages produced during the run. */
  messages: number;
  lake: Float64Array;
  reports: Float64Array;
  missingLake: number;
  missingReports: number;
  reportWrites: number;
}

/**
 * Runs the consumer until the backlog is in the lake, produces for `durationMs` from a child,
 * waits (at most 30 s) for the lake and the reports to hold every message, then stops.
 *
 * @param opts services, topics, lake and the run's rate and length
 * @returns latencies per message, ms (unsorted)
 * @throws Error when the producer child fails, or the consumer does
 */
export async function measureLatency(opts: LatencyOptions): Promise<LatencyFigures> {
  const topics = topicNames(opts.prefix);
  const commits: Committed[] = [];
  const reports: ReportsSeen[] = [];
  let taken = 0;
  const controller = new AbortController();
  const started = performance.now();
  // The defaults `consume` runs with (and the SHOPEASE_* variables it reads).
  const { values } = parseOptions(ANALYTICS_OPTIONS, []);
  const analytics = analyticsFromOptions(values);
  const running = runLiveLake({
    kafka: createKafka(opts.brokers.split(","), { logLevel: logLevel.NOTHING }),
    topics,
    group: opts.group,
    lake: opts.lake,
    redisUrl: opts.redisUrl,
    clean: {
      pseudonym: createPseudonymizer(opts.key),
      lateness: analytics.lateness,
      plausibleTime: () => plausibleFromOptions(values, Date.now()),
      dedupeWindow: values["dedupe-window"] as number,
    },
    families: reportFamilies(analytics),
    untilCaughtUp: false,
    signal: controller.signal,
    onCommit(commit) {
      commits.push(commit);
      taken += commit.last - commit.first + 1;
    },
    onReports(written) {
      const next = new Map<string, Map<number, number>>();
      for (const [partition, offsets] of written.offsets) {
        for (const [table, offset] of Object.entries(offsets)) {
          const topic = topics[table as keyof typeof topics];
          let byPartition = next.get(topic);
          if (byPartition === undefined) next.set(topic, byPartition = new Map());
          byPartition.set(partition, Number(offset));
        }
      }
      reports.push({ at: written.at, next });
    },
  });
  let failed: unknown = null;
  running.catch((error) => failed = error);
  const until = async (done: () => boolean, limitMs: number, what: string) => {
    const end = performance.now() + limitMs;
    while (!done()) {
      if (failed !== null) throw failed;
      if (performance.now() > end) {
        throw new Error(`bench live-lake: timed out waiting for ${what}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    // Commits count each range once per table; the backlog's four topics add up to it.
    await until(() => taken >= opts.backlog && reports.length > 0, 1_800_000, "the backlog");
    const catchUpSeconds = opts.backlog === 0 ? 0 : (performance.now() - started) / 1000;
    log.info(`bench live-lake: producing ${opts.rate} activity events/s for ${opts.durationMs} ms`);
    const child = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        PRODUCER,
        opts.brokers,
        opts.prefix,
        String(opts.partitions),
        String(opts.rate),
        String(opts.durationMs),
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!child.success) throw new Error(`bench live-lake: the producer child failed`);
    const lines = new TextDecoder().decode(child.stdout).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    const sent: Sent[] = lines.filter((l) => l.done !== true);
    const messages = lines.find((l) => l.done === true)?.messages ?? 0;
    // Cheap test while waiting: each topic partition's last offset sent is committed and shown.
    const ends = new Map<string, number>();
    for (const s of sent) {
      const key = `${s.topic}/${s.partition}`;
      ends.set(key, Math.max(ends.get(key) ?? -1, s.base + s.count - 1));
    }
    const allSeen = () =>
      [...ends].every(([key, end]) => {
        const [topic, partition] = [
          key.slice(0, key.lastIndexOf("/")),
          Number(key.split("/").pop()),
        ];
        const committed = commits.some((c) =>
          c.topic === topic && c.partition === partition && c.last >= end
        );
        const shown = (reports.at(-1)?.next.get(topic)?.get(partition) ?? 0) > end;
        return committed && shown;
      });
    await until(allSeen, 30_000, "the last messages").catch(() =>
      log.warn("bench live-lake: some messages were not in the lake or the reports after 30 s")
    );
    const m = matchLatencies(sent, commits, reports);
    return { catchUpSeconds, messages, ...m, reportWrites: reports.length };
  } finally {
    controller.abort();
    await running.catch(() => {});
  }
}
