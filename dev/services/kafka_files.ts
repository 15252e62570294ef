/**
 * The files a local Kafka broker needs: a Maven pom naming its jars, the KRaft single-node
 * `server.properties`, and a quiet log4j configuration.
 *
 * @module
 */

import type { ServicePaths } from "./service_paths.ts";

/** The Kafka release the services run (Scala 2.13 build, from Maven Central). */
export const KAFKA_VERSION = "3.9.1";

/**
 * Maven coordinates copied into the libs folder: the broker's runtime closure plus a logging
 * backend, which that closure lacks (without it SLF4J is a no-op and the broker logs nothing).
 */
export const KAFKA_ARTIFACTS: readonly string[] = [
  `org.apache.kafka:kafka_2.13:${KAFKA_VERSION}`,
  "org.slf4j:slf4j-reload4j:1.7.36",
  "ch.qos.reload4j:reload4j:1.2.25",
];

/**
 * Renders the pom whose `dependency:copy-dependencies` yields the broker's classpath.
 *
 * @returns pom.xml text
 */
export function kafkaPom(): string {
  const deps = KAFKA_ARTIFACTS.map((coordinates) => {
    const [groupId, artifactId, version] = coordinates.split(":");
    return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>` +
      `<version>${version}</version></dependency>`;
  });
  return [
    `<project xmlns="http://maven.apache.org/POM/4.0.0">`,
    `  <modelVersion>4.0.0</modelVersion>`,
    `  <groupId>shopease</groupId>`,
    `  <artifactId>kafka-runtime</artifactId>`,
    `  <version>${KAFKA_VERSION}</version>`,
    `  <packaging>pom</packaging>`,
    `  <dependencies>`,
    ...deps,
    `  </dependencies>`,
    `</project>`,
    ``,
  ].join("\n");
}

/**
 * Renders a single-node KRaft broker+controller configuration bound to 127.0.0.1.
 *
 * Values that differ from Kafka's defaults, and why: one replica for the internal topics (the
 * default 3 leaves consumer groups without a coordinator on one node), no initial rebalance
 * delay (3 s by default), a 2 MiB cleaner buffer instead of 128 MiB of heap, 4 MiB messages so a
 * 1 MB poison message can be produced, and 4 partitions for auto-created topics.
 *
 * @param paths the services layout (ports and data folder)
 * @returns server.properties text
 */
export function kafkaProperties(paths: ServicePaths): string {
  const settings: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@127.0.0.1:${paths.controllerPort}`,
    "listeners":
      `PLAINTEXT://127.0.0.1:${paths.kafkaPort},CONTROLLER://127.0.0.1:${paths.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${paths.kafkaPort}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "log.dirs": paths.dataDir,
    "num.partitions": 4,
    "auto.create.topics.enable": true,
    "offsets.topic.replication.factor": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "group.initial.rebalance.delay.ms": 0,
    "log.cleaner.dedupe.buffer.size": 2097152,
    "message.max.bytes": 4194304,
    "replica.fetch.max.bytes": 4194304,
  };
  const lines = ["# Written by dev/services on every start; edits are overwritten."];
  for (const [key, value] of Object.entries(settings)) lines.push(`${key}=${value}`);
  return lines.join("\n") + "\n";
}

/**
 * Renders a log4j 1.x configuration: warnings and errors only, plus the "Kafka Server started"
 * line, on stdout (which the services redirect to `kafka.log`).
 *
 * @returns log4j.properties text
 */
export function kafkaLog4j(): string {
  return [
    "log4j.rootLogger=WARN, stdout",
    "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
    "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
    "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
    "log4j.logger.kafka.server.KafkaRaftServer=INFO",
    "",
  ].join("\n");
}
