/**
 * Reports whether the local services run and answer.
 *
 * @module
 */

import { kafkaAnswers, kafkaPid } from "./kafka_broker.ts";
import { redisAnswers, redisPid } from "./redis_server.ts";
import { servicePaths, type ServicesOptions } from "./service_paths.ts";

/** The state of one service. */
export interface ServiceState {
  /** Answers on its port (a Kafka metadata request, a Redis PING). */
  running: boolean;
  /** Pid of the process our pid file names, when that process lives; null otherwise. */
  pid: number | null;
  /** `host:port` the service listens on. */
  address: string;
  /** Its log file in the services folder. */
  log: string;
}

/** The state of both services. */
export interface ServicesState {
  kafka: ServiceState;
  redis: ServiceState;
}

/**
 * Probes both services. A service can run with a null pid: someone else started it.
 *
 * @param opts the same folder and ports given to `servicesUp`
 * @returns the state of Kafka and Redis
 */
export async function servicesStatus(opts: ServicesOptions = {}): Promise<ServicesState> {
  const paths = servicePaths(opts);
  const [kafkaUp, kafka, redisUp, redis] = await Promise.all([
    kafkaAnswers(paths.kafkaPort),
    kafkaPid(paths),
    redisAnswers(paths.redisPort),
    redisPid(paths),
  ]);
  return {
    kafka: {
      running: kafkaUp,
      pid: kafka,
      address: `127.0.0.1:${paths.kafkaPort}`,
      log: paths.kafkaLog,
    },
    redis: {
      running: redisUp,
      pid: redis,
      address: `127.0.0.1:${paths.redisPort}`,
      log: paths.redisLog,
    },
  };
}
