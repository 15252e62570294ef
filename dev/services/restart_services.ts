/**
 * Restarts one service, for fault-injection tests (a broker bounce, a Redis that loses its data).
 *
 * @module
 */

import { ensureKafka, stopKafka } from "./kafka_broker.ts";
import { ensureRedis, stopRedis } from "./redis_server.ts";
import { servicePaths, type ServicesOptions } from "./service_paths.ts";
import { withServicesLock } from "./with_services_lock.ts";

/**
 * Stops the managed Kafka broker and starts it again on the same data (topics and committed
 * offsets survive). Resolves when it answers again.
 *
 * @param opts the same folder and ports given to `servicesUp`
 * @throws Error when the broker runs but was not started by `servicesUp` (it cannot be restarted)
 */
export function restartKafka(opts: ServicesOptions = {}): Promise<void> {
  const paths = servicePaths(opts);
  return withServicesLock(paths, async () => {
    const stopped = await stopKafka(paths);
    const started = await ensureKafka(paths);
    if (stopped === "gone" && !started) {
      throw new Error(`Kafka on 127.0.0.1:${paths.kafkaPort} was not started by servicesUp`);
    }
  });
}

/**
 * Stops the managed Redis server and starts it again. Redis persists nothing here, so every key
 * is gone afterwards: the "metrics store lost its data" fault.
 *
 * @param opts the same folder and ports given to `servicesUp`
 * @throws Error when the server runs but was not started by `servicesUp`
 */
export function restartRedis(opts: ServicesOptions = {}): Promise<void> {
  const paths = servicePaths(opts);
  return withServicesLock(paths, async () => {
    const stopped = await stopRedis(paths);
    const started = await ensureRedis(paths);
    if (stopped === "gone" && !started) {
      throw new Error(`Redis on 127.0.0.1:${paths.redisPort} was not started by servicesUp`);
    }
  });
}
