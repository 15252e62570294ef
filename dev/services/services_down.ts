/**
 * Stops the local services that `servicesUp` started.
 *
 * @module
 */

import { stopKafka } from "./kafka_broker.ts";
import { stopRedis } from "./redis_server.ts";
import { servicePaths, type ServicesOptions } from "./service_paths.ts";
import { withServicesLock } from "./with_services_lock.ts";

/** How each service stopped: "gone" when it was not running (or not started by us). */
export interface ServicesStopped {
  kafka: "terminated" | "killed" | "gone";
  redis: "terminated" | "killed" | "gone";
}

/**
 * Stops the broker and the Redis server recorded in the services folder's pid files (SIGTERM,
 * then SIGKILL after a grace period). Services started by other tools are left alone. Kafka's
 * data stays in the folder; Redis keeps nothing.
 *
 * @param opts the same folder and ports given to `servicesUp`
 * @returns how each service stopped
 */
export function servicesDown(opts: ServicesOptions = {}): Promise<ServicesStopped> {
  const paths = servicePaths(opts);
  return withServicesLock(paths, async () => {
    const [kafka, redis] = await Promise.all([stopKafka(paths), stopRedis(paths)]);
    return { kafka, redis };
  });
}
