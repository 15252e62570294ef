/**
 * Starts the local Kafka broker and Redis server the pipeline and its tests use.
 *
 * @module
 */

import { ensureKafka } from "./kafka_broker.ts";
import { ensureRedis } from "./redis_server.ts";
import { servicePaths, type ServicesOptions } from "./service_paths.ts";
import { withServicesLock } from "./with_services_lock.ts";

/** Connection settings of running services, in the form `KAFKA_BROKERS` and `REDIS_URL` take. */
export interface ServiceEndpoints {
  /** Comma-separated `host:port` list, e.g. `127.0.0.1:9092`. */
  kafkaBrokers: string;
  /** e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
}

/**
 * Ensures a single-node Kafka (KRaft, jars fetched from Maven Central on first use) and a Redis
 * server run on 127.0.0.1. Idempotent and fast when both already answer: a service that answers
 * on its port is reused as is, even if another tool started it. Started services are detached
 * and keep running after this process exits; stop them with `servicesDown`.
 *
 * @param opts folder (default `.services/`), ports (9092, 9093, 6379) and start timeout
 * @returns the endpoints to put in `KAFKA_BROKERS` and `REDIS_URL`
 * @throws Error naming the log file when a service does not come up
 * @example
 * ```ts
 * // Only type-checked: it starts (or finds) Kafka and Redis on this machine.
 * async function up(): Promise<string> {
 *   const { kafkaBrokers, redisUrl } = await servicesUp();
 *   return `KAFKA_BROKERS=${kafkaBrokers} REDIS_URL=${redisUrl}`;
 * }
 * ```
 */
export function servicesUp(opts: ServicesOptions = {}): Promise<ServiceEndpoints> {
  const paths = servicePaths(opts);
  return withServicesLock(paths, async () => {
    await Promise.all([ensureKafka(paths), ensureRedis(paths)]);
    return {
      kafkaBrokers: `127.0.0.1:${paths.kafkaPort}`,
      redisUrl: `redis://127.0.0.1:${paths.redisPort}`,
    };
  });
}
