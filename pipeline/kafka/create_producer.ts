/**
 * The one place a kafkajs producer of input topics is configured (`deno task produce`, the
 * simulator).
 *
 * @module
 */

import { type Kafka, Partitioners, type Producer, type ProducerConfig } from "kafkajs";

/**
 * Creates an idempotent producer: a request that times out after the broker appended it is sent
 * again with the same producer id and sequence numbers, so the broker keeps one copy. A plain
 * producer puts such a batch in the topic twice, and the consumers would count its records twice.
 *
 * One request in flight (what idempotence needs in kafkajs), a few retries (kafkajs's idempotent
 * default is to retry for ever, which would hang a command whose broker is gone), no topic
 * auto-creation (callers create or check their topics first), and murmur2 partitioning named on
 * purpose: the key's hash modulo the partition count, as the Java client and kcat
 * (`-X topic.partitioner=murmur2_random`) do, so other producers co-partition the same way.
 *
 * Send with `acks: -1` (all in-sync replicas), which idempotence requires.
 *
 * @param kafka the client (see `createKafka`)
 * @param overrides any other producer setting
 * @returns the producer, not yet connected
 * @example
 * ```ts
 * import { createKafka } from "./create_kafka.ts";
 * const producer = createProducer(createKafka(["127.0.0.1:9092"]));
 * // await producer.connect(); await producer.sendBatch({ topicMessages, acks: -1 });
 * ```
 */
export function createProducer(kafka: Kafka, overrides: ProducerConfig = {}): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 8 },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...overrides,
  });
}
