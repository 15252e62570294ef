/**
 * The Redis metrics store (node-redis). Keys, under a prefix (default `shopease:`):
 *
 * - `m:<metric>:<minute>` hash, field `<partition>:<key>` → count (`<partition>~<stream>:<key>`
 * for a later stream of a re-created topic); expires after the TTL
 * - `minutes:<metric>` sorted set of minutes (score: ms since epoch), for range queries
 * - `offsets:<group>` hash, partition → next offset to consume
 * - `progress:<group>` hash, partition → JSON of its {@linkcode PartitionProgress}
 * - `epoch` string: created on first claim, gone when Redis loses its data
 * - `alerts` pub/sub channel, `alerts:list` capped list (newest first), `alerts:ids` seen ids
 * - `gauges` hash, name → value
 *
 * @module
 */

import { connectRedis, type RedisClient, redisErrorText } from "./redis_client.ts";
import { log } from "../log.ts";
import {
  ALERTS_KEPT,
  type AlertSubscription,
  type CommitOutcome,
  DEFAULT_TTL_SECONDS,
  type MetricsStore,
  type MinuteMetric,
  type MinuteRowOf,
  type PartitionProgress,
  type StoredAlert,
  type StoredProgress,
  type StoreOptions,
  type WindowCommit,
} from "./metrics_store.ts";
import { minuteFields, minuteScore, sumMinute } from "./minute_fields.ts";
import { alertKey } from "./store_checks.ts";
import { checkProgress, progressKey } from "./partition_progress.ts";
import { CLAIM_EPOCH, COMMIT, PUBLISH_ALERT } from "./redis_scripts.ts";

const OUTCOMES: Record<number, CommitOutcome> = { 1: "committed", 0: "stale", [-1]: "reset" };

/**
 * Keeps metrics in Redis, shared by every pipeline process and the server. Create it with
 * {@linkcode RedisStore.connect}.
 *
 * @example
 * ```ts
 * // Needs a running Redis, so this example declares the call and is only type-checked.
 * async function firstHour(): Promise<number> {
 *   const store = await RedisStore.connect(Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379");
 *   const rows = await store.queryMinutes("active_users", "2019-10-01T00:00:00.000Z", "2019-10-01T01:00:00.000Z");
 *   await store.close();
 *   return rows.length;
 * }
 * ```
 */
export class RedisStore implements MetricsStore {
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #ttlMs: number;
  /** Stops every alert subscription (idempotent), so `close` leaves no connection behind. */
  readonly #stops = new Set<() => Promise<void>>();

  private constructor(client: RedisClient, opts: StoreOptions) {
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
    const client = await connectRedis(url);
    return new RedisStore(client, opts);
  }

  async commitWindows(update: WindowCommit): Promise<CommitOutcome> {
    // Everything is checked before the script runs: a bad row stores nothing.
    const byKey = new Map<string, { metric: MinuteMetric; minute: string; fields: string[] }>();
    for (const row of update.rows) {
      const key = `${this.#prefix}m:${row.metric}:${row.minute}`;
      minuteScore(row.minute);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, entry = { metric: row.metric, minute: row.minute, fields: [] });
      for (const [field, count] of minuteFields(row)) entry.fields.push(field, String(count));
    }
    for (const p of update.partitions) checkProgress(p);
    if (byKey.size === 0 && update.partitions.length === 0) return "committed";

    const keys = [
      `${this.#prefix}epoch`,
      `${this.#prefix}progress:${update.group}`,
      `${this.#prefix}offsets:${update.group}`,
    ];
    const progress = update.partitions.map((p) => {
      const order = progressKey(p);
      return [
        String(p.partition),
        JSON.stringify(p),
        order?.[0] ?? null,
        order?.[1] ?? 0,
        p.offset,
        p.stream ?? 0,
      ];
    });
    const indexes = new Map<string, number>();
    for (const entry of byKey.values()) indexes.set(`${this.#prefix}minutes:${entry.metric}`, 0);
    const firstIndex = keys.length + byKey.size + 1;
    let k = firstIndex;
    for (const index of indexes.keys()) indexes.set(index, k++);
    const minutes = [];
    for (const [key, entry] of byKey) {
      keys.push(key);
      const index = indexes.get(`${this.#prefix}minutes:${entry.metric}`)!;
      const score = String(minuteScore(entry.minute));
      minutes.push([keys.length, index, score, entry.minute, ...entry.fields]);
    }
    keys.push(...indexes.keys());
    const outcome = await this.#client.eval(COMMIT, {
      keys,
      arguments: [
        update.epoch ?? "",
        String(this.#ttlMs),
        JSON.stringify({ p: progress, m: minutes, i: firstIndex }),
      ],
    });
    return OUTCOMES[Number(outcome)];
  }

  async appliedOffsets(group: string): Promise<Record<number, string>> {
    return await this.#client.hGetAll(`${this.#prefix}offsets:${group}`);
  }

  async readProgress(group: string): Promise<StoredProgress> {
    const keys = [
      `${this.#prefix}epoch`,
      `${this.#prefix}progress:${group}`,
      `${this.#prefix}offsets:${group}`,
    ];
    const [epoch, stored, offsets] = await this.#client.multi()
      .get(keys[0])
      .hGetAll(keys[1])
      .hGetAll(keys[2])
      .exec()
      .catch((error) => {
        const text = redisErrorText(error, keys); // `key <name>: WRONGTYPE …` or the error's
        throw new Error(text.startsWith("key ") ? `Redis ${text}` : `Redis: ${text}`, {
          cause: error,
        });
      }) as unknown as [string | null, Record<string, string>, Record<string, string>];
    const partitions = new Map<number, PartitionProgress>();
    for (const [field, offset] of Object.entries(offsets)) {
      const json = stored[field];
      const partition = Number(field);
      partitions.set(
        partition,
        json === undefined ? { partition, offset } : JSON.parse(json) as PartitionProgress,
      );
    }
    return { epoch, partitions };
  }

  async claimEpoch(): Promise<string> {
    const epoch = await this.#client.eval(CLAIM_EPOCH, {
      keys: [`${this.#prefix}epoch`],
      arguments: [crypto.randomUUID()],
    });
    return String(epoch);
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

  async publishAlert(row: StoredAlert): Promise<boolean> {
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

  async alerts(limit = ALERTS_KEPT): Promise<StoredAlert[]> {
    const items = await this.#client.lRange(`${this.#prefix}alerts:list`, 0, limit - 1);
    return items.map((item) => JSON.parse(item) as StoredAlert);
  }

  subscribeAlerts(cb: (row: StoredAlert) => void): AlertSubscription {
    const channel = `${this.#prefix}alerts`;
    const subscriber = this.#client.duplicate();
    subscriber.on(
      "error",
      (error) => log.warn(`redis alerts subscriber: ${redisErrorText(error)}`),
    );
    const listener = (message: string) => {
      try {
        cb(JSON.parse(message) as StoredAlert);
      } catch (error) {
        log.error(`alert subscriber failed on ${message.slice(0, 200)}: ${redisErrorText(error)}`);
      }
    };
    const ready = subscriber.connect().then(() => subscriber.subscribe(channel, listener));
    ready.catch((error) => log.error(`cannot subscribe to ${channel}: ${redisErrorText(error)}`));
    let closing: Promise<void> | undefined;
    const stop = () =>
      closing ??= ready.then(() => subscriber.close(), () => subscriber.destroy()).catch(
        (error) => log.warn(`redis alerts subscriber close: ${redisErrorText(error)}`),
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
