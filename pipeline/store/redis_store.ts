/**
 * The Redis metrics store (node-redis). Keys, under a prefix (default `shopease:`):
 *
 * - `m:<metric>:<minute>` hash, field `<partition>:<key>` → count; expires after the TTL
 * - `minutes:<metric>` sorted set of minutes (score: ms since epoch), for range queries
 * - `offsets:<group>` hash, partition → next offset to consume
 * - `alerts` pub/sub channel, `alerts:list` capped list (newest first), `alerts:ids` seen ids
 * - `gauges` hash, name → value
 *
 * @module
 */

import { createClient } from "redis";
import type { AlertRow } from "../../operators/spike_alerts.ts";
import { log } from "../log.ts";
import {
  ALERTS_KEPT,
  type AlertSubscription,
  DEFAULT_TTL_SECONDS,
  type MetricsStore,
  type MinuteMetric,
  type MinuteRowOf,
  type StoreOptions,
  type WindowCommit,
} from "./metrics_store.ts";
import { minuteFields, minuteScore, sumMinute } from "./minute_fields.ts";
import { alertKey, checkOffset } from "./store_checks.ts";

/**
 * Adds an alert once: remembers its key, pushes it on the capped list and publishes it, in one
 * atomic step. KEYS: ids hash, list. ARGV: alert key, JSON, cap, TTL ms, channel.
 */
const PUBLISH_ALERT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[2])
return 1
`;

/**
 * A client that gives up on a first connection after ~1 s (a wrong URL should fail fast) but,
 * once connected, reconnects forever with a capped backoff (a Redis restart is survived).
 */
function newClient(url: string) {
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

type Client = ReturnType<typeof newClient>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps metrics in Redis, shared by every pipeline process and the server. Create it with
 * {@linkcode RedisStore.connect}.
 *
 * @example
 * ```ts
 * const store = await RedisStore.connect(Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379");
 * const rows = await store.queryMinutes("active_users", "2019-10-01T00:00:00.000Z", "2019-10-01T01:00:00.000Z");
 * await store.close();
 * ```
 */
export class RedisStore implements MetricsStore {
  readonly #client: Client;
  readonly #prefix: string;
  readonly #ttlMs: number;
  /** Stops every alert subscription (idempotent), so `close` leaves no connection behind. */
  readonly #stops = new Set<() => Promise<void>>();

  private constructor(client: Client, opts: StoreOptions) {
    this.#client = client;
    this.#prefix = opts.prefix ?? "shopease:";
    this.#ttlMs = (opts.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
  }

  /**
   * Connects to Redis.
   *
   * @param url e.g. `redis://127.0.0.1:6379`
   * @param opts key prefix and TTL of per-minute keys
   * @returns a connected store
   * @throws Error naming the URL when Redis cannot be reached
   */
  static async connect(url: string, opts: StoreOptions = {}): Promise<RedisStore> {
    const client = newClient(url);
    client.on("error", (error) => log.warn(`redis ${url}: ${errorText(error)}`));
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw new Error(`cannot connect to Redis at ${url}`, { cause: error });
    }
    return new RedisStore(client, opts);
  }

  async commitWindows(update: WindowCommit): Promise<void> {
    // Everything is checked before the transaction starts: a bad row stores nothing.
    const byKey = new Map<
      string,
      { metric: MinuteMetric; minute: string; score: number; fields: Record<string, number> }
    >();
    for (const row of update.rows) {
      const key = `${this.#prefix}m:${row.metric}:${row.minute}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          metric: row.metric,
          minute: row.minute,
          score: minuteScore(row.minute),
          fields: {},
        };
        byKey.set(key, entry);
      }
      for (const [field, count] of minuteFields(row)) entry.fields[field] = count;
    }
    for (const p of update.partitions) checkOffset(p);
    if (byKey.size === 0 && update.partitions.length === 0) return;

    const multi = this.#client.multi();
    const indexes = new Set<string>();
    for (const [key, entry] of byKey) {
      const index = `${this.#prefix}minutes:${entry.metric}`;
      multi.hSet(key, entry.fields);
      multi.pExpire(key, this.#ttlMs);
      multi.zAdd(index, { score: entry.score, value: entry.minute });
      indexes.add(index);
    }
    for (const index of indexes) multi.pExpire(index, this.#ttlMs);
    if (update.partitions.length > 0) {
      const offsets: Record<string, string> = {};
      for (const p of update.partitions) offsets[p.partition] = p.offset;
      multi.hSet(`${this.#prefix}offsets:${update.group}`, offsets);
    }
    await multi.exec();
  }

  async appliedOffsets(group: string): Promise<Record<number, string>> {
    return await this.#client.hGetAll(`${this.#prefix}offsets:${group}`);
  }

  async queryMinutes<M extends MinuteMetric>(
    metric: M,
    fromMinute: string,
    toMinute: string,
  ): Promise<MinuteRowOf[M][]> {
    const index = `${this.#prefix}minutes:${metric}`;
    const minutes = await this.#client.zRangeByScore(
      index,
      minuteScore(fromMinute),
      minuteScore(toMinute),
    );
    if (minutes.length === 0) return [];
    const multi = this.#client.multi();
    for (const minute of minutes) multi.hGetAll(`${this.#prefix}m:${metric}:${minute}`);
    const hashes = (await multi.execAsPipeline()) as unknown as Record<string, string>[];
    const rows: MinuteRowOf[M][] = [];
    const expired: string[] = [];
    for (let i = 0; i < minutes.length; i++) {
      const summed = sumMinute(metric, minutes[i], hashes[i]);
      if (summed.length === 0) expired.push(minutes[i]);
      rows.push(...summed);
    }
    // Minutes whose hash expired leave the index too.
    if (expired.length > 0) await this.#client.zRem(index, expired);
    return rows;
  }

  async publishAlert(row: AlertRow): Promise<boolean> {
    const added = await this.#client.eval(PUBLISH_ALERT, {
      keys: [`${this.#prefix}alerts:ids`, `${this.#prefix}alerts:list`],
      arguments: [
        alertKey(row),
        JSON.stringify(row),
        String(ALERTS_KEPT),
        String(this.#ttlMs),
        `${this.#prefix}alerts`,
      ],
    });
    return added === 1;
  }

  async alerts(limit = ALERTS_KEPT): Promise<AlertRow[]> {
    const items = await this.#client.lRange(`${this.#prefix}alerts:list`, 0, limit - 1);
    return items.map((item) => JSON.parse(item) as AlertRow);
  }

  subscribeAlerts(cb: (row: AlertRow) => void): AlertSubscription {
    const channel = `${this.#prefix}alerts`;
    const subscriber = this.#client.duplicate();
    subscriber.on("error", (error) => log.warn(`redis alerts subscriber: ${errorText(error)}`));
    const listener = (message: string) => {
      try {
        cb(JSON.parse(message) as AlertRow);
      } catch (error) {
        log.error(`alert subscriber failed on ${message.slice(0, 200)}: ${errorText(error)}`);
      }
    };
    const ready = subscriber.connect().then(() => subscriber.subscribe(channel, listener));
    ready.catch((error) => log.error(`cannot subscribe to ${channel}: ${errorText(error)}`));
    let closing: Promise<void> | undefined;
    const stop = () =>
      closing ??= ready.then(() => subscriber.close(), () => subscriber.destroy()).catch(
        (error) => log.warn(`redis alerts subscriber close: ${errorText(error)}`),
      );
    this.#stops.add(stop);
    const unsubscribe = () => void stop();
    return Object.assign(unsubscribe, { ready });
  }

  async setGauge(name: string, value: number): Promise<void> {
    await this.#client.hSet(`${this.#prefix}gauges`, name, String(value));
  }

  async getGauges(): Promise<Record<string, number>> {
    const raw = await this.#client.hGetAll(`${this.#prefix}gauges`);
    const gauges: Record<string, number> = {};
    for (const [name, value] of Object.entries(raw)) gauges[name] = Number(value);
    return gauges;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#stops].map((stop) => stop()));
    await this.#client.close();
  }
}
