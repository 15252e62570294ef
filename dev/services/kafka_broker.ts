/**
 * A local single-node Kafka broker (KRaft) run from Maven Central jars: install, format, start,
 * probe and stop. `servicesUp` and `servicesDown` compose these.
 *
 * @module
 */

import { createKafka } from "../../pipeline/kafka/create_kafka.ts";
import { KAFKA_VERSION, kafkaLog4j, kafkaPom, kafkaProperties } from "./kafka_files.ts";
import {
  portOpen,
  processAlive,
  removeIfExists,
  servicePid,
  tailFile,
  terminate,
  waitUntil,
} from "./process_control.ts";
import type { ServicePaths } from "./service_paths.ts";
import { log } from "../../pipeline/log.ts";
import { logLevel } from "kafkajs";

const JAVA = Deno.env.get("JAVA_HOME") ? `${Deno.env.get("JAVA_HOME")}/bin/java` : "java";

/** Heap and GC flags: Kafka's own scripts use G1 with these pause settings; 512 MB is plenty. */
const JVM_FLAGS = [
  "-Xms256m",
  "-Xmx512m",
  "-XX:+UseG1GC",
  "-XX:MaxGCPauseMillis=20",
  "-XX:InitiatingHeapOccupancyPercent=35",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
];

async function run(command: string, args: string[], what: string): Promise<string> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, { args, stdin: "null" }).output();
  } catch (error) {
    throw new Error(`${what}: cannot run ${JSON.stringify(command)} (is it installed?)`, {
      cause: error,
    });
  }
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new Error(`${what} failed (exit ${output.code}): ${command} ${args.join(" ")}\n${text}`);
  }
  return text;
}

/**
 * Copies Kafka's runtime jars into `libs/` with Maven, unless a previous run completed it.
 * Maven caches downloads in `~/.m2`, so later installs into other folders work offline.
 *
 * @param paths the services layout
 */
export async function installKafka(paths: ServicePaths): Promise<void> {
  try {
    if ((await Deno.readTextFile(paths.libsMarker)).trim() === KAFKA_VERSION) return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  log.info(`kafka: copying Kafka ${KAFKA_VERSION} jars from Maven into ${paths.libsDir}`);
  await Deno.mkdir(paths.libsDir, { recursive: true });
  await Deno.writeTextFile(paths.pomFile, kafkaPom());
  await run("mvn", [
    "-q",
    "-B",
    "-f",
    paths.pomFile,
    "dependency:copy-dependencies",
    `-DoutputDirectory=${paths.libsDir}`,
    "-DincludeScope=runtime",
  ], "Maven copy of the Kafka jars");
  await Deno.writeTextFile(paths.libsMarker, `${KAFKA_VERSION}\n`);
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with "-". */
function clusterId(): string {
  while (true) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const id = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
      .replace(/=+$/, "");
    if (!id.startsWith("-")) return id;
  }
}

/**
 * Writes the broker configuration and formats the storage folder once (skipped when
 * `meta.properties` exists, since formatting an already formatted folder fails).
 *
 * @param paths the services layout
 */
export async function configureKafka(paths: ServicePaths): Promise<void> {
  await Deno.mkdir(paths.dataDir, { recursive: true });
  await Deno.writeTextFile(paths.propertiesFile, kafkaProperties(paths));
  await Deno.writeTextFile(paths.log4jFile, kafkaLog4j());
  try {
    await Deno.stat(`${paths.dataDir}/meta.properties`);
    return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await run(JAVA, [
    `-Dlog4j.configuration=file:${paths.log4jFile}`,
    "-cp",
    `${paths.libsDir}/*`,
    "kafka.tools.StorageTool",
    "format",
    "-t",
    clusterId(),
    "-c",
    paths.propertiesFile,
  ], "Kafka storage format");
}

/**
 * Tells whether a Kafka broker answers a metadata request on 127.0.0.1:`port`.
 *
 * @param port the client port
 * @returns true when the port accepts connections and the cluster can be described
 */
export async function kafkaAnswers(port: number): Promise<boolean> {
  if (!(await portOpen(port))) return false;
  const admin = createKafka([`127.0.0.1:${port}`], {
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    // Not (yet) a working broker: the caller waits or reports it.
    return false;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Starts the broker detached (own session, output to `kafka.log`, pid in `kafka.pid`) so it
 * outlives this process, and waits until it answers.
 *
 * @param paths the services layout
 * @throws Error naming the log file when the broker exits or does not answer in time
 */
export async function startKafka(paths: ServicePaths): Promise<void> {
  await installKafka(paths);
  await configureKafka(paths);
  const java = [
    JAVA,
    ...JVM_FLAGS,
    `-Dlog4j.configuration=file:${paths.log4jFile}`,
    "-cp",
    `${paths.libsDir}/*`,
    "kafka.Kafka",
    paths.propertiesFile,
  ];
  // Deno.Command cannot redirect to a file; `sh` does, then `exec` makes java keep the pid.
  const child = new Deno.Command("sh", {
    args: ["-c", 'log="$1"; shift; exec "$@" >"$log" 2>&1', "sh", paths.kafkaLog, ...java],
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  // Liveness from the child's own status: /proc/<pid>/cmdline still shows this process's
  // command line until `sh` has exec'd, which on a busy machine read as "exited".
  const alive = childAlive(child);
  await Deno.writeTextFile(paths.kafkaPid, `${child.pid}\n`);
  log.info(`kafka: started pid ${child.pid}, waiting for 127.0.0.1:${paths.kafkaPort}`);
  await waitForKafka(paths, child.pid, alive);
}

/**
 * Tells whether a spawned child is still running, from its own exit status (no `/proc` race).
 *
 * @param child a spawned process
 * @returns a probe: true until the child has exited
 * @example
 * ```ts
 * const alive = childAlive(new Deno.Command("sleep", { args: ["1"] }).spawn());
 * alive(); // true
 * ```
 */
export function childAlive(child: Deno.ChildProcess): () => boolean {
  let exited = false;
  child.status.then(() => exited = true, () => exited = true);
  return () => !exited;
}

async function waitForKafka(
  paths: ServicePaths,
  pid: number,
  alive: () => boolean = () => processAlive(pid, paths.propertiesFile),
): Promise<void> {
  const ready = await waitUntil(
    async () => !alive() || await kafkaAnswers(paths.kafkaPort),
    paths.timeoutMs,
    250,
  );
  if (!ready || !alive()) {
    const why = ready ? "exited" : `did not answer within ${paths.timeoutMs} ms`;
    throw new Error(
      `Kafka (pid ${pid}) ${why} on 127.0.0.1:${paths.kafkaPort}; see ${paths.kafkaLog}:\n` +
        (await tailFile(paths.kafkaLog)),
    );
  }
}

/**
 * The managed broker's pid when it runs.
 *
 * @param paths the services layout
 * @returns the pid from `kafka.pid` if that process is our broker, else that of a broker using our
 *   `server.properties` (the pid file went missing), else null
 */
export function kafkaPid(paths: ServicePaths): Promise<number | null> {
  // The main class too: a pager or an editor on server.properties names the file as well.
  return servicePid(paths.kafkaPid, `kafka.Kafka ${paths.propertiesFile}`);
}

/**
 * Ensures the broker runs: nothing to do when one answers on the port (ours or not), waits when
 * ours is still starting, starts it otherwise.
 *
 * @param paths the services layout
 * @returns whether this call started it
 */
export async function ensureKafka(paths: ServicePaths): Promise<boolean> {
  if (await kafkaAnswers(paths.kafkaPort)) return false;
  const pid = await kafkaPid(paths);
  if (pid !== null) {
    await waitForKafka(paths, pid);
    return false;
  }
  if (await portOpen(paths.kafkaPort)) {
    throw new Error(`port ${paths.kafkaPort} is in use by something that does not answer as Kafka`);
  }
  await startKafka(paths);
  return true;
}

/**
 * Stops the managed broker: SIGTERM (a clean shutdown), SIGKILL after 30 s.
 *
 * @param paths the services layout
 * @returns what happened; "gone" when no managed broker was running
 */
export async function stopKafka(paths: ServicePaths): Promise<"terminated" | "killed" | "gone"> {
  const pid = await kafkaPid(paths);
  const outcome = pid === null ? "gone" : await terminate(pid, paths.propertiesFile, 30_000);
  await removeIfExists(paths.kafkaPid);
  return outcome;
}
