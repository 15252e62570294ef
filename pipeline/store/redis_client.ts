/**
 * The Redis client every store uses.
 *
 * @module
 */

import { createClient } from "redis";
import { log } from "../log.ts";
import { safeUrl } from "./safe_url.ts";

/**
 * A client that gives up on a first connection after ~1 s (a wrong URL should fail fast) but,
 * once connected, reconnects forever with a capped backoff (a Redis restart is survived).
 *
 * @param url e.g. `redis://127.0.0.1:6379`
 * @returns the client, not yet connected
 */
export function newRedisClient(url: string) {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      reconnectStrategy: (retries: number, cause: Error) =>
        !connected && retries >= 3 ? cause : Math.min(100 * 2 ** retries, 2_000),
    },
  });
  client.on("ready", () => connected = true);
  return client;
}

/** A client of {@linkcode newRedisClient}. */
export type RedisClient = ReturnType<typeof newRedisClient>;

/**
 * Connects a {@linkcode newRedisClient}; its later errors are logged as warnings with the URL's
 * password masked.
 *
 * @param url e.g. `redis://127.0.0.1:6379`
 * @returns the connected client
 * @throws Error naming the URL (password masked) when Redis cannot be reached
 */
export async function connectRedis(url: string): Promise<RedisClient> {
  const client = newRedisClient(url);
  client.on("error", (error) => log.warn(`redis ${safeUrl(url)}: ${errorText(error)}`));
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`cannot connect to Redis at ${safeUrl(url)}`, { cause: error });
  }
  return client;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
