/**
 * The Redis client every store uses.
 *
 * @module
 */

import { createClient } from "redis";

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
