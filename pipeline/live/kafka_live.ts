/**
 * The live runner fed by Kafka: a consumer group member whose partitions run through the live
 * runner, with seeks to the stored resume offsets and an idle check once a second.
 *
 * @module
 */

import type { Kafka } from "kafkajs";
import { connectKafka } from "../kafka/create_kafka.ts";
import { ensureTopic } from "../kafka/ensure_topic.ts";
import { type KafkaSource, kafkaSource } from "../kafka/kafka_source.ts";
import { log } from "../log.ts";
import { LiveRunner, type LiveRunnerOptions, type SourceControl } from "./live_runner.ts";
import type { TopicOffsets } from "./live_monitor.ts";

/** Options of {@linkcode startKafkaLive}. */
export interface KafkaLiveOptions extends Omit<LiveRunnerOptions, "control"> {
  kafka: Kafka;
  topic: string;
  /** Partitions of the topic when it has to be created (default 4). */
  partitions?: number;
  /** Most records per batch (default 20,000). */
  maxRecords?: number;
  /** Group session timeout, ms (default 10 000): how soon a crashed member's partitions move. */
  sessionTimeoutMs?: number;
}

/** A running Kafka-fed runner. */
export interface KafkaLive {
  runner: LiveRunner;
  /** Every partition of the topic with its retained offsets. */
  topicOffsets(): Promise<TopicOffsets>;
  /** Stops consuming (the batch in progress is committed first) and disconnects. */
  stop(): Promise<void>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Joins the consumer group and runs the live runner on the partitions it gets. A partition
 * with stored progress starts at its resume offset; one without starts at the earliest
 * retained offset (`fromBeginning`) or where the group's committed offset (else the end)
 * says.
 *
 * @param opts Kafka client, topic, group and runner options
 * @returns the running member
 * @example
 * ```ts
 * import type { Kafka } from "kafkajs";
 * import { MemoryStore } from "../store/memory_store.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function run(kafka: Kafka, pseudonym: (id: string) => string): Promise<void> {
 *   const live = await startKafkaLive({ kafka, topic: "shopease.activity", group: "shopease",
 *     store: new MemoryStore(), pseudonym, lateness: 30_000, idleTimeoutMs: 10_000,
 *     fromBeginning: true });
 *   await live.stop();
 * }
 * ```
 */
export async function startKafkaLive(opts: KafkaLiveOptions): Promise<KafkaLive> {
  const { kafka, topic, group } = opts;
  const admin = kafka.admin();
  await connectKafka(kafka, admin);
  let source: KafkaSource | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    await ensureTopic(admin, topic, opts.partitions ?? 4);
    const control: SourceControl = {
      topic,
      seek: (partition, offset) => source?.seek(partition, offset),
      commit: (partition, offset) => source?.commit(partition, offset) ?? Promise.resolve(),
      async offsets(partition) {
        const [ends, groups] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: group, topics: [topic] }),
        ]);
        const end = ends.find((p) => p.partition === partition);
        const committed = groups[0]?.partitions.find((p) => p.partition === partition)?.offset;
        return {
          low: end?.low ?? "0",
          high: end?.high ?? "0",
          committed: committed === undefined || committed === "-1" ? null : committed,
        };
      },
    };
    const runner = new LiveRunner({ ...opts, control });
    source = await kafkaSource({
      kafka,
      topic,
      groupId: group,
      fromBeginning: opts.fromBeginning,
      maxRecords: opts.maxRecords ?? 20_000,
      consumerConfig: {
        // Bigger fetches mean fewer, larger batches, so fewer commits per record.
        maxBytesPerPartition: 4 * 1024 * 1024,
        maxBytes: 16 * 1024 * 1024,
        sessionTimeout: opts.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: Math.max(500, Math.floor((opts.sessionTimeoutMs ?? 10_000) / 5)),
      },
      onAssign(partitions, handle) {
        source = handle;
        runner.assign(partitions).catch((error) =>
          log.error(`live: assignment failed: ${errorText(error)}`)
        );
      },
      onBatch: (batch, meta) => runner.handleBatch(batch, meta),
    });
    timer = setInterval(() => {
      runner.tick().catch((error) => log.warn(`live: idle check failed: ${errorText(error)}`));
    }, 1000);
    const started = source;
    return {
      runner,
      async topicOffsets() {
        const offsets: TopicOffsets = new Map();
        for (const p of await admin.fetchTopicOffsets(topic)) {
          offsets.set(p.partition, { low: BigInt(p.low), high: BigInt(p.high) });
        }
        return offsets;
      },
      async stop() {
        clearInterval(timer);
        // The runner first: a commit the store keeps refusing (a key of another type, out of
        // memory) then gives up, instead of holding the source's stop, which waits for it.
        const halted = runner.stop();
        await started.stop();
        await halted;
        await admin.disconnect();
      },
    };
  } catch (error) {
    clearInterval(timer);
    await admin.disconnect();
    throw error;
  }
}
