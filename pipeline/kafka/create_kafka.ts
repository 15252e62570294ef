/**
 * The one place a kafkajs client is configured.
 *
 * @module
 */

import { Kafka, type KafkaConfig, type LogEntry, logLevel } from "kafkajs";
import { log } from "../log.ts";
// Stops kafkajs from printing TimeoutNegativeWarning on every connection; see the module.
import "./request_queue_fix.ts";

/**
 * Producers use kafkajs's default partitioner on purpose: murmur2, the Java client's choice (and
 * kcat's with `-X topic.partitioner=murmur2_random`). kafkajs warns about it once per producer.
 */
const PARTITIONER_NOTICE = "KafkaJS v2.0.0 switched default partitioner";

/**
 * Producers of `createProducer` are idempotent with a bounded retry count on purpose (a command
 * whose broker is gone fails instead of retrying for ever); kafkajs warns about it per producer.
 */
const BOUNDED_RETRIES_NOTICE = "Limiting retries for the idempotent producer";

/** The broker's REBALANCE_IN_PROGRESS message. */
const REBALANCING = "The group is rebalancing, so a rejoin is needed";

/** kafkajs log lines go to the project logger (stderr), never to stdout. */
function logCreator(): (entry: LogEntry) => void {
  return ({ namespace, level: reported, log: content }) => {
    let level = reported;
    // A stack (kafkajs adds one to connection errors) is for debugging this code, not for a user.
    const { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...extra } = content;
    if (message.startsWith(PARTITIONER_NOTICE) || message.startsWith(BOUNDED_RETRIES_NOTICE)) {
      return;
    }
    // A rebalance answers heartbeats with this error; kafkajs then rejoins: routine, not a fault.
    if (extra.error === REBALANCING) level = logLevel.DEBUG;
    const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : "";
    const line = `kafkajs ${namespace}: ${message}${details}`;
    if (level <= logLevel.ERROR) log.error(line);
    else if (level === logLevel.WARN) log.warn(line);
    else if (level === logLevel.INFO) log.info(line);
    else log.debug(line);
  };
}

/**
 * Creates a kafkajs client for the given brokers, logging warnings and errors to stderr.
 *
 * @param brokers `host:port` list, e.g. `["127.0.0.1:9092"]`
 * @param overrides any other kafkajs setting (retry, timeouts, log level)
 * @returns the client; create producers, consumers and admins from it
 * @example
 * ```ts
 * const kafka = createKafka((Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(","));
 * const admin = kafka.admin();
 * ```
 */
export function createKafka(brokers: string[], overrides: Partial<KafkaConfig> = {}): Kafka {
  if (brokers.length === 0) throw new TypeError("createKafka() needs at least one broker; got []");
  const kafka = new Kafka({
    clientId: "shopease",
    brokers,
    logLevel: logLevel.WARN,
    logCreator,
    ...overrides,
  });
  BROKERS.set(kafka, brokers);
  return kafka;
}

/** The brokers each client of `createKafka` was made for, for error messages. */
const BROKERS = new WeakMap<Kafka, string[]>();

/**
 * Connects a producer, consumer or admin of `kafka`; a failure (after kafkajs's retries) says it
 * is Kafka and names the brokers, in one line: `Cannot connect to Kafka at 127.0.0.1:9092:
 * Connection error: connect ECONNREFUSED 127.0.0.1:9092`.
 *
 * @param kafka the client made by `createKafka`
 * @param client what to connect
 * @example
 * ```ts
 * // Needs a running broker, so this example is only type-checked.
 * async function run(): Promise<void> {
 *   const kafka = createKafka(["127.0.0.1:9092"]);
 *   const admin = kafka.admin();
 *   await connectKafka(kafka, admin);
 *   await admin.disconnect();
 * }
 * ```
 */
export async function connectKafka(
  kafka: Kafka,
  client: { connect(): Promise<void> },
): Promise<void> {
  try {
    await client.connect();
  } catch (cause) {
    const brokers = BROKERS.get(kafka)?.join(",") ?? "its brokers";
    throw new Error(`Cannot connect to Kafka at ${brokers}: ${(cause as Error).message}`, {
      cause,
    });
  }
}
