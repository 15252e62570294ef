/**
 * Where the local services keep their files and which ports they use.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** Options shared by `servicesUp`, `servicesDown`, `servicesStatus` and the restart helpers. */
export interface ServicesOptions {
  /** Folder for jars, data, logs and pid files (default `.services/` in the project). */
  dir?: string;
  /** Kafka client port (default 9092). */
  kafkaPort?: number;
  /** Kafka KRaft controller port (default 9093). */
  controllerPort?: number;
  /** Redis port (default 6379). */
  redisPort?: number;
  /** How long to wait for a service to answer after starting it, ms (default 60 s). */
  timeoutMs?: number;
}

/** Every path and port of one services folder, resolved once. */
export interface ServicePaths {
  dir: string;
  kafkaPort: number;
  controllerPort: number;
  redisPort: number;
  timeoutMs: number;
  kafkaDir: string;
  /** The broker's runtime jars (Maven `copy-dependencies` output). */
  libsDir: string;
  /** Written after the jars were copied completely; its presence skips Maven. */
  libsMarker: string;
  pomFile: string;
  propertiesFile: string;
  log4jFile: string;
  /** Kafka's `log.dirs` (topic data and `meta.properties`). */
  dataDir: string;
  kafkaLog: string;
  kafkaPid: string;
  redisDir: string;
  redisLog: string;
  redisPid: string;
  lockFile: string;
}

/** The default services folder: `.services/` at the project root. */
export const DEFAULT_SERVICES_DIR = fileURLToPath(new URL("../../.services", import.meta.url));

/**
 * Resolves the services folder layout from options, filling in defaults.
 *
 * @param opts folder, ports and start timeout
 * @returns absolute paths and ports
 * @example servicePaths({ dir: "/tmp/s", kafkaPort: 19092 }).kafkaLog // "/tmp/s/kafka/kafka.log"
 */
export function servicePaths(opts: ServicesOptions = {}): ServicePaths {
  const dir = opts.dir ?? DEFAULT_SERVICES_DIR;
  const kafkaDir = `${dir}/kafka`;
  const redisDir = `${dir}/redis`;
  return {
    dir,
    kafkaPort: opts.kafkaPort ?? 9092,
    controllerPort: opts.controllerPort ?? 9093,
    redisPort: opts.redisPort ?? 6379,
    timeoutMs: opts.timeoutMs ?? 60_000,
    kafkaDir,
    libsDir: `${kafkaDir}/libs`,
    libsMarker: `${kafkaDir}/libs.complete`,
    pomFile: `${kafkaDir}/pom.xml`,
    propertiesFile: `${kafkaDir}/server.properties`,
    log4jFile: `${kafkaDir}/log4j.properties`,
    dataDir: `${kafkaDir}/data`,
    kafkaLog: `${kafkaDir}/kafka.log`,
    kafkaPid: `${kafkaDir}/kafka.pid`,
    redisDir,
    redisLog: `${redisDir}/redis.log`,
    redisPid: `${redisDir}/redis.pid`,
    lockFile: `${dir}/services.lock`,
  };
}
