/**
 * The Kafka source: consumes a topic in a consumer group and hands each partition's messages to
 * the pipeline as RawBatches, committing offsets only after the pipeline has taken them.
 *
 * @module
 */

import type { ConsumerConfig, EachBatchPayload, Kafka } from "kafkajs";
import type { RawBatch } from "../../operators/types.ts";
import { ensureTopic } from "./ensure_topic.ts";
import { kafkaRawBatch } from "./kafka_raw_batch.ts";
import { ConsumerKeeper } from "./consumer_keeper.ts";
import { type OffsetCommitter, offsetCommitter } from "./offset_committer.ts";

/** Where a RawBatch came from: one partition, an inclusive offset range. */
export interface KafkaBatchMeta {
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  /** Each message's Kafka timestamp (ms), in offset order. */
  timestamps: number[];
  /** Tells the group coordinator this member is alive; call it while a batch takes long. */
  heartbeat(): Promise<void>;
}

/** Options of {@linkcode kafkaSource}. */
export interface KafkaSourceOptions {
  kafka: Kafka;
  topic: string;
  /** Consumer group (default `shopease`); several processes in one group share the partitions. */
  groupId?: string;
  /** Where a group without committed offsets starts: earliest (default) or latest. */
  fromBeginning?: boolean;
  /** Most records per RawBatch; larger fetches are cut, with a heartbeat between pieces (2000). */
  maxRecords?: number;
  /** Partitions of the topic when this source has to create it (default 4). */
  partitions?: number;
  /** Other kafkajs consumer settings (session timeout, fetch sizes). */
  consumerConfig?: Partial<ConsumerConfig>;
  /**
   * Takes one batch. Once the returned promise resolves, the source commits the offset it
   * resolves to (a decimal string), nothing when it resolves `null`, or `lastOffset + 1` when
   * it resolves nothing; so resolve only when the batch's effects are safe. A rejection makes
   * kafkajs deliver the batch again.
   */
  onBatch: (batch: RawBatch, meta: KafkaBatchMeta) => Promise<string | null | void>;
  /**
   * Told the partitions of `topic` this member owns after each rebalance, before their first
   * batch; seek in it to choose where each partition starts.
   */
  onAssign?: (partitions: number[], source: KafkaSource) => void;
}

/** A running Kafka source. */
export interface KafkaSource {
  /** Stops consuming (waiting for the batch in progress) and disconnects; nothing more commits. */
  stop(): Promise<void>;
  /** The partitions of the topic this member owns now (empty during a rebalance). */
  assigned(): number[];
  /** Makes the next fetch of `partition` start at `offset`; a batch in progress turns stale. */
  seek(partition: number, offset: string): void;
  /** Commits `offset` for `partition` when this member still owns it; errors are logged. */
  commit(partition: number, offset: string): Promise<void>;
}

/**
 * Starts consuming `topic` (created with the admin client first if missing). Each fetched
 * partition batch becomes one or more RawBatches of table `activity`: records
 * `{source: topic, position: "topic/partition@offset", raw, fields}`, and quarantine rows with
 * reason `malformed_json` for values that are not UTF-8 JSON objects of at most 1 MiB. Bad
 * messages never stop the consumer.
 *
 * After `onBatch` resolves, the consumer resolves the last offset and commits the offset
 * `onBatch` chose (by default `last + 1`) for that partition, unless it is stopping, the
 * partition was sought, or a rebalance took the partition away; then a later owner reads those
 * messages again (at-least-once; sinks are idempotent). A failed offset commit is logged and
 * consumption goes on: the next commit covers it. A consumer that crashed and that kafkajs will
 * not restart is replaced by a new one in the group (see {@linkcode ConsumerKeeper}).
 *
 * @param opts topic, group, callback and tuning
 * @returns a handle to stop the source
 * @example
 * ```ts
 * import { createKafka } from "./create_kafka.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function consume(): Promise<void> {
 *   const source = await kafkaSource({
 *     kafka: createKafka(["127.0.0.1:9092"]),
 *     topic: "shopease.activity",
 *     onBatch: async (batch, meta) => console.log(meta.partition, batch.records.length),
 *   });
 *   await source.stop();
 * }
 * ```
 */
export async function kafkaSource(opts: KafkaSourceOptions): Promise<KafkaSource> {
  const { kafka, topic, onBatch } = opts;
  const maxRecords = opts.maxRecords ?? 2000;
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new RangeError(`kafkaSource() maxRecords must be a positive integer; got ${maxRecords}`);
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, topic, opts.partitions ?? 4);
  } finally {
    await admin.disconnect();
  }

  // The partitions of `topic` this member owns; empty while a rebalance is under way.
  let assigned = new Set<number>();
  let committer!: OffsetCommitter;
  const keeper = new ConsumerKeeper(`kafka source ${topic}`, () => {
    const consumer = kafka.consumer({
      groupId: opts.groupId ?? "shopease",
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
      ...opts.consumerConfig,
    });
    committer = offsetCommitter(
      consumer,
      (_topic, partition) => assigned.has(partition),
      `kafka source ${topic}`,
    );
    assigned = new Set();
    const removeListeners = [
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assigned = new Set(event.payload.memberAssignment[topic] ?? []);
        opts.onAssign?.(handle.assigned(), handle);
      }),
      consumer.on(consumer.events.REBALANCING, () => {
        assigned = new Set();
      }),
    ];
    return { consumer, detach: () => removeListeners.forEach((remove) => remove()) };
  }, async (consumer) => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: opts.fromBeginning ?? true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  });
  let bytesRead = 0;

  const commit = (partition: number, offset: string) => committer.commit(topic, partition, offset);

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { partition, messages } = batch;
    for (let start = 0; start < messages.length; start += maxRecords) {
      if (!isRunning() || isStale()) return;
      const piece = messages.slice(start, start + maxRecords);
      const raw = kafkaRawBatch(topic, partition, piece, bytesRead);
      bytesRead = raw.bytesRead;
      const firstOffset = piece[0].offset;
      const lastOffset = piece[piece.length - 1].offset;
      const timestamps = new Array<number>(piece.length);
      for (let i = 0; i < piece.length; i++) timestamps[i] = Number(piece[i].timestamp);
      const meta = { topic, partition, firstOffset, lastOffset, timestamps, heartbeat };
      const chosen = await onBatch(raw, meta);
      // Stopping or sought: leave the offsets alone, so these messages are read again.
      if (!isRunning() || isStale()) return;
      // Delivered to this process: do not fetch it again here.
      resolveOffset(lastOffset);
      if (chosen !== null) void commit(partition, chosen ?? (BigInt(lastOffset) + 1n).toString());
      await heartbeat();
    }
  }

  const handle: KafkaSource = {
    stop: () => keeper.stop(() => committer.drain()),
    assigned: () => [...assigned].sort((a, b) => a - b),
    seek: (partition, offset) => keeper.consumer.seek({ topic, partition, offset }),
    commit,
  };

  await keeper.start();
  return handle;
}
