/**
 * Test helper: a private Kafka broker and Redis server on spare ports in a temporary folder, for
 * tests that restart services. The shared services (`KAFKA_BROKERS`, `REDIS_URL`, or the default
 * ports 9092 and 6379) are never touched: others are using them.
 *
 * @module
 */

import { portOpen } from "../../../dev/services/process_control.ts";
import { servicePaths, type ServicesOptions } from "../../../dev/services/service_paths.ts";
import { servicesDown } from "../../../dev/services/services_down.ts";
import { servicesUp } from "../../../dev/services/services_up.ts";

/** Services this test started, and how to reach, restart and stop them. */
export interface OwnServices {
  /** Folder and ports: pass them to `restartKafka` / `restartRedis`. */
  options: ServicesOptions;
  kafkaBrokers: string;
  redisUrl: string;
  /** Stops both services and deletes the folder. */
  stop(): Promise<void>;
}

/**
 * `count` distinct random ports in 20000-32000 (below the ephemeral range, where the kernel picks
 * client ports) with nothing listening. Something may still take one before it is bound: retry.
 */
export async function sparePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && !(await portOpen(port))) ports.push(port);
  }
  return ports;
}

/**
 * Starts a private Kafka and Redis. The broker's jars come from the shared services folder when
 * it has them (a symlink, so no Maven run), else Maven copies them (offline from `~/.m2`).
 * A port taken between the probe and the start is retried with new ports, three times.
 *
 * @returns the services, to stop in a `finally`
 */
export async function startOwnServices(): Promise<OwnServices> {
  const dir = await Deno.makeTempDir({ prefix: "shopease-own-services-" });
  const shared = servicePaths();
  const mine = servicePaths({ dir });
  try {
    await Deno.stat(shared.libsMarker);
    await Deno.mkdir(`${dir}/kafka`, { recursive: true });
    await Deno.symlink(shared.libsDir, mine.libsDir);
    await Deno.copyFile(shared.libsMarker, mine.libsMarker);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (let attempt = 1;; attempt++) {
    const [kafkaPort, controllerPort, redisPort] = await sparePorts(3);
    const options = { dir, kafkaPort, controllerPort, redisPort };
    try {
      const { kafkaBrokers, redisUrl } = await servicesUp(options);
      return {
        options,
        kafkaBrokers,
        redisUrl,
        async stop() {
          await servicesDown(options);
          await Deno.remove(dir, { recursive: true }).catch(() => {});
        },
      };
    } catch (error) {
      await servicesDown(options).catch(() => {});
      if (attempt >= 3) {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        throw error;
      }
    }
  }
}
