/**
 * The Redis client every store uses.
 *
 * @module
 */

import { createClient, ErrorReply, MultiErrorReply } from "redis";
import { log } from "../log.ts";
import { safeUrl } from "./safe_url.ts";

/**
 * A client that gives up on a first connection after ~1 s (a wrong URL should fail fast), at
 * once when Redis refuses it (`NOAUTH`, `WRONGPASS`: no retry changes that), but, once
 * connected, reconnects forever with a capped backoff (a Redis restart is survived).
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
        !connected && (retries >= 3 || cause instanceof ErrorReply)
          ? cause
          : Math.min(100 * 2 ** retries, 2_000),
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
  // Before the first connection the error is the fatal line's cause, not a warning of its own.
  let ready = false;
  client.on("ready", () => ready = true);
  client.on("error", (error) => {
    if (ready) log.warn(`redis ${safeUrl(url)}: ${redisErrorText(error)}`);
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`cannot connect to Redis at ${safeUrl(url)}: ${redisErrorText(error)}`, {
      cause: error,
    });
  }
  return client;
}

/**
 * The text of a Redis client error: for a failed transaction, the first failed command's reply
 * (node-redis says only `1 commands failed, see .replies and .errorIndexes`), named by `keys[i]`
 * when the keys of the transaction's commands are given.
 *
 * @param error what a command or transaction threw
 * @param keys the key of each command of the transaction, in order
 * @returns one line's text
 */
export function redisErrorText(error: unknown, keys: readonly string[] = []): string {
  if (error instanceof MultiErrorReply) {
    const index = error.errorIndexes[0];
    const reply = error.replies[index];
    const text = reply instanceof Error ? reply.message : String(reply);
    return keys[index] === undefined ? text : `key ${keys[index]}: ${text}`;
  }
  return error instanceof Error ? error.message : String(error);
}
