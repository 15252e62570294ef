/**
 * Test helper: endpoints of real Kafka and Redis. Uses `KAFKA_BROKERS` and `REDIS_URL` when set
 * (CI or a developer's own services), else starts the local services (fast when already up).
 *
 * @module
 */

import { type ServiceEndpoints, servicesUp } from "../../../dev/services/services_up.ts";

/**
 * Returns the endpoints of running services, starting them if needed.
 *
 * @returns `kafkaBrokers` (comma-separated) and `redisUrl`
 */
export async function realServices(): Promise<ServiceEndpoints> {
  const kafkaBrokers = Deno.env.get("KAFKA_BROKERS");
  const redisUrl = Deno.env.get("REDIS_URL");
  if (kafkaBrokers && redisUrl) return { kafkaBrokers, redisUrl };
  const started = await servicesUp();
  return {
    kafkaBrokers: kafkaBrokers || started.kafkaBrokers,
    redisUrl: redisUrl || started.redisUrl,
  };
}

/**
 * A name no other test run uses, for topics, groups and key prefixes.
 *
 * @param label what the name is for
 * @returns e.g. `test-malformed-1a2b3c4d`
 */
export function uniqueName(label: string): string {
  return `test-${label}-${crypto.randomUUID().slice(0, 8)}`;
}
