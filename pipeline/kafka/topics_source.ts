/**
 * The Kafka source of the live graph: consumes the input tables' topics in one consumer group,
 * one member owning partition _n_ of every topic, and hands each topic partition's messages to
 * the caller as RawBatches of that topic's table.
 *
 * @module
 */

import { connectKafka } from "./create_kafka.ts";
import type { ConsumerConfig, EachBatchPayload, Kafka } from "kafkajs";
import type { RawBatch, TableName } from "../../operators/types.ts";
import { log } from "../log.ts";
import { coPartitionAssigner } from "./co_partition_assignor.ts";
import { kafkaRawBatch } from "./kafka_raw_batch.ts";
import { ConsumerKeeper } from "./consumer_keeper.ts";
import { type OffsetCommitter, offsetCommitter } from "./offset_committer.ts";
import { checkInputTopics } from "./check_input_topics.ts";
import { TOPIC_TABLES } from "./topic_names.ts";

/** Where a RawBatch came from: one partition of one table's topic, an inclusive offset range. */
export interface TopicBatchMeta {
  table: TableName;
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  /** Each message's Kafka timestamp (ms), in offset order. */
  timestamps: number[];
  /**
   * Tells the group coordinator this member is alive; call it while a batch takes long. It
   * rejects when the group is rebalancing: let that rejection reject `onBatch`, so the batch is
   * not taken and its partition's next owner reads it.
   */
  heartbeat(): Promise<void>;
}

/** Options of {@linkcode topicsSource}. */
export interface TopicsSourceOptions {
  kafka: Kafka;
  /** table → topic; only the tables listed are subscribed. */
  topics: Partial<Record<TableName, string>>;
  groupId: string;
  /** Most records per batch (default 2000); larger fetches are cut. */
  maxRecords?: number;
  /** Other kafkajs consumer settings; the partition assigner is always the co-partition one. */
  consumerConfig?: Partial<ConsumerConfig>;
  /**
   * The column names each table's format decoder reads (`decoders[table].fields`), so message
   * keys are spelled as the format names them; default the native columns.
   */
  knownColumns?: Partial<Record<TableName, readonly string[]>>;
  /**
   * The label of the format each table is read with (`formatLabels`): a message whose format
   * header names another is quarantined as `format_mismatch`. Default native.
   */
  formats?: Partial<Record<TableName, string>>;
  /**
   * Takes one batch of one topic partition; a rejection makes kafkajs deliver it again. Offsets
   * are never committed to Kafka by the source except through commit().
   */
  onBatch(batch: RawBatch, meta: TopicBatchMeta): Promise<void>;
  /**
   * The partition NUMBERS this member owns after each rebalance (same numbers on every topic),
   * before their first batch; seek in it. May be async (the source awaits it before consuming).
   */
  onAssign?(partitions: number[], source: TopicsSource): void | Promise<void>;
  /**
   * The consumer passed offsets `from` … `to - 1` of a partition that hold no record to deliver
   * (a transaction's commit or abort marker, aborted records): they reach no `onBatch`. The last
   * offsets of a topic written in transactions are such markers.
   */
  onSkip?(table: TableName, partition: number, from: bigint, to: bigint): void;
}

/** A running {@linkcode topicsSource}. */
export interface TopicsSource {
  /** Stops consuming (waiting for the batch in progress, which is then not taken), disconnects. */
  stop(): Promise<void>;
  /** The partition numbers this member owns now, ascending (empty during a rebalance). */
  assigned(): number[];
  /** Next fetch of this table's topic partition starts at offset ("0" = from the start). */
  seek(table: TableName, partition: number, offset: string): void;
  /** Commits `offset` (the next one to read) for the partition to the group, if still owned. */
  commit(table: TableName, partition: number, offset: string): Promise<void>;
}

/**
 * Starts consuming the tables' topics. At start it checks that every topic exists (else a
 * {@linkcode TopicLayoutError} naming it and `deno task produce`; topics are never created
 * here) and that activity and transactions have equal partition counts (else the one-line
 * error of `checkCoPartitioned`). Members of the group share the partitions with
 * {@linkcode coPartitionAssigner}, so this member owns the same partition numbers on every topic.
 *
 * Delivery: one batch at a time; the batches of one topic partition in offset order, cut to at
 * most `maxRecords` records (with a heartbeat between pieces). Each message becomes a record of
 * the topic's table positioned `topic/partition@offset` or a `malformed_json` quarantine row
 * (see `kafkaRawBatch`). A batch is taken once `onBatch` resolves: the next fetch of the
 * partition starts after it. A rejected `onBatch` is not taken; kafkajs retries it after a
 * backoff and restarts the consumer after repeated failures. A partition with neither a commit
 * nor a seek starts at its earliest offset.
 *
 * Seeks: `seek()` makes the batch in progress of that partition stale: the pieces not yet handed
 * over are dropped, and once `onBatch` resolves the batch is not taken; the next fetch starts at
 * the offset sought. A seek of a partition this member does not own is ignored.
 *
 * Rebalances, as the caller sees them: a member joining or leaving makes the group rebalance.
 * The batch in progress may finish (`onBatch` resolves; it is taken only if the member still
 * runs) or its `meta.heartbeat()` rejects with kafkajs's rebalancing error; either way `onBatch`
 * may still be running for a partition that is no longer this member's, so the caller's own
 * commits must be fenced (the Redis epoch). Then `assigned()` is `[]` and `commit()` drops
 * offsets, until the member has rejoined. Then `onAssign` is called with ALL the numbers the
 * member now owns (kept ones too) and awaited before any batch of the new assignment is
 * delivered; a batch fetched meanwhile for a partition `onAssign` seeks is dropped and fetched
 * again from the offset sought. Every partition, kept ones included, restarts from the group's
 * offset committed in Kafka (earliest without one) unless `onAssign` seeks it: seek each one
 * from your progress store. If `onAssign` rejects, the error is logged and it runs again before
 * the next batch; a second rejection rejects that batch (kafkajs retries it).
 *
 * @param opts topics, group, callbacks and tuning
 * @returns the running source
 * @throws {TopicLayoutError} a topic is missing or activity and transactions differ
 * @example
 * ```ts
 * import { createKafka } from "./create_kafka.ts";
 * import { topicNames } from "./topic_names.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function consume(): Promise<void> {
 *   const source = await topicsSource({
 *     kafka: createKafka(["127.0.0.1:9092"]),
 *     topics: topicNames(),
 *     groupId: "shopease-live",
 *     onAssign: (partitions, source) => {
 *       for (const p of partitions) source.seek("activity", p, "0");
 *     },
 *     onBatch: async (batch, meta) => console.log(meta.table, batch.records.length),
 *   });
 *   await source.stop();
 * }
 * ```
 */
export async function topicsSource(opts: TopicsSourceOptions): Promise<TopicsSource> {
  const { kafka, topics, onBatch } = opts;
  const maxRecords = opts.maxRecords ?? 2000;
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new RangeError(`topicsSource() maxRecords must be a positive integer; got ${maxRecords}`);
  }
  const tableOf = new Map<string, TableName>();
  for (const table of TOPIC_TABLES) {
    const topic = topics[table];
    if (topic === undefined) continue;
    const other = tableOf.get(topic);
    if (other !== undefined) {
      throw new TypeError(`topicsSource() topic ${topic} is given for both ${other} and ${table}`);
    }
    tableOf.set(topic, table);
  }
  if (tableOf.size === 0) {
    throw new TypeError(`topicsSource() needs the topic of at least one table; got {}`);
  }
  await checkInputTopics(kafka, topics);

  // What this member owns: topic -> partitions; empty while a rebalance is under way.
  let owned = new Map<string, Set<number>>();
  let numbers: number[] = [];
  // Counts assignments, so a batch can tell that the group moved on while it waited.
  let generation = 0;
  // Settles with undefined once the current assignment's onAssign has run, or with its error.
  // Never rejects, so nothing is left unhandled while no batch waits for it.
  let assignGate: Promise<unknown> = Promise.resolve(undefined);

  function runOnAssign(): Promise<unknown> {
    const partitions = numbers.slice();
    const run = async () => await opts.onAssign?.(partitions, handle);
    return run().then(() => undefined, (error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      log.error(`kafka topics source: onAssign(${partitions.join(",")}) failed: ${text}`);
      return error ?? new Error("onAssign rejected");
    });
  }

  /** Waits for onAssign; after a failure runs it once more and throws if it fails again. */
  async function assignmentReady(): Promise<void> {
    if ((await assignGate) === undefined) return;
    assignGate = runOnAssign();
    const error = await assignGate;
    if (error !== undefined) throw error;
  }

  const owns = (topic: string, partition: number) => owned.get(topic)?.has(partition) ?? false;
  let committer!: OffsetCommitter;
  const keeper = new ConsumerKeeper("kafka topics source", () => {
    const consumer = kafka.consumer({
      maxWaitTimeInMs: 1000,
      ...opts.consumerConfig,
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      partitionAssigners: [coPartitionAssigner],
    });
    committer = offsetCommitter(consumer, owns, "kafka topics source");
    owned = new Map();
    numbers = [];
    const removeListeners = [
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const next = new Map<string, Set<number>>();
        const all = new Set<number>();
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          next.set(topic, new Set(partitions));
          for (const p of partitions) all.add(p);
        }
        owned = next;
        numbers = [...all].sort((a, b) => a - b);
        generation++;
        assignGate = runOnAssign();
      }),
      consumer.on(consumer.events.REBALANCING, () => {
        owned = new Map();
        numbers = [];
      }),
      // kafkajs resolves a fetched batch of markers or aborted records itself, without eachBatch.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const table = tableOf.get(payload.topic);
        if (payload.batchSize !== 0 || table === undefined || opts.onSkip === undefined) return;
        if (payload.firstOffset === null || payload.lastOffset === null) return;
        const from = BigInt(payload.firstOffset);
        opts.onSkip(table, payload.partition, from, BigInt(payload.lastOffset) + 1n);
      }),
    ];
    return { consumer, detach: () => removeListeners.forEach((remove) => remove()) };
  }, async (consumer) => {
    await connectKafka(opts.kafka, consumer);
    await consumer.subscribe({ topics: [...tableOf.keys()], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  });
  let bytesRead = 0;

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition, messages } = batch;
    const table = tableOf.get(topic);
    if (table === undefined) return; // kafkajs only fetches subscribed topics
    const known = opts.knownColumns?.[table];
    const format = opts.formats?.[table];
    const current = generation;
    await assignmentReady();
    // Stopping, sought (in onAssign or since), or reassigned: not delivered, fetched again.
    const gone = () => !isRunning() || isStale() || generation !== current;
    for (let start = 0; start < messages.length; start += maxRecords) {
      if (gone()) return;
      const piece = messages.slice(start, start + maxRecords);
      const raw = kafkaRawBatch(topic, partition, piece, bytesRead, table, known, format);
      bytesRead = raw.bytesRead;
      const firstOffset = piece[0].offset;
      const lastOffset = piece[piece.length - 1].offset;
      const timestamps = new Array<number>(piece.length);
      for (let i = 0; i < piece.length; i++) timestamps[i] = Number(piece[i].timestamp);
      await onBatch(raw, {
        table,
        topic,
        partition,
        firstOffset,
        lastOffset,
        timestamps,
        heartbeat,
      });
      if (gone()) return;
      // Taken: the next fetch of this partition starts after it.
      resolveOffset(lastOffset);
      await heartbeat();
    }
    // Offsets after the last message that hold no record (a transaction's commit marker).
    if (messages.length > 0 && opts.onSkip !== undefined && !gone()) {
      const after = BigInt(messages[messages.length - 1].offset) + 1n;
      const end = BigInt(batch.lastOffset()) + 1n;
      if (end > after) opts.onSkip(table, partition, after, end);
    }
  }

  const handle: TopicsSource = {
    stop: () => keeper.stop(() => committer.drain()),
    assigned: () => numbers.slice(),
    seek(table, partition, offset) {
      const topic = topicOf(table);
      if (owns(topic, partition)) keeper.consumer.seek({ topic, partition, offset });
    },
    commit: (table, partition, offset) => committer.commit(topicOf(table), partition, offset),
  };

  function topicOf(table: TableName): string {
    const topic = topics[table];
    if (topic === undefined) {
      throw new TypeError(`topicsSource() does not consume table ${table}; it has no topic`);
    }
    return topic;
  }

  await keeper.start();
  return handle;
}
