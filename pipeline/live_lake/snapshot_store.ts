/**
 * Where the live lake's partitions leave their partial report state: one Redis hash per consumer
 * group, one field per partition number, each a whole snapshot (never a delta). A snapshot
 * replaces the stored one only when it has read at least as far on every topic, so a fenced or
 * restarted owner that is behind never rolls the reports back, and the same snapshot written
 * twice changes nothing.
 *
 * @module
 */

import { connectRedis, type RedisClient } from "../store/redis_client.ts";
import type { PartitionSnapshot } from "./lake_partition.ts";

/**
 * KEYS[1] the hash, KEYS[2] the change counter; ARGV[1] the partition, ARGV[2] the snapshot,
 * ARGV[3] its offsets (JSON object of decimal strings). Returns 1 when stored, 0 when the stored
 * snapshot is further on some topic.
 */
const PUT_SNAPSHOT = `
local old = redis.call('HGET', KEYS[1], ARGV[1] .. ':offsets')
if old then
  local before = cjson.decode(old)
  local now = cjson.decode(ARGV[3])
  for topic, offset in pairs(before) do
    local next = now[topic]
    if next == nil then return 0 end
    if string.len(next) < string.len(offset) then return 0 end
    if string.len(next) == string.len(offset) and next < offset then return 0 end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[1] .. ':offsets', ARGV[3])
redis.call('INCR', KEYS[2])
return 1
`;

/** The snapshots of every partition of one consumer group, in Redis. */
export class SnapshotStore {
  readonly #client: RedisClient;
  readonly #hash: string;
  readonly #counter: string;

  private constructor(client: RedisClient, key: string) {
    this.#client = client;
    this.#hash = `${key}:snapshots`;
    this.#counter = `${key}:changes`;
  }

  /**
   * Connects to Redis.
   *
   * @param url e.g. `redis://127.0.0.1:6379`
   * @param key the group's key prefix, e.g. `shopease:lake:shopease-lake`
   * @returns a connected store
   * @throws Error naming the URL (password masked) when Redis cannot be reached
   */
  static async connect(url: string, key: string): Promise<SnapshotStore> {
    const client = await connectRedis(url);
    return new SnapshotStore(client, key);
  }

  /**
   * Stores a partition's snapshot unless the stored one has read further on some topic.
   *
   * @returns `stored` or `stale`
   */
  async put(partition: number, snapshot: PartitionSnapshot): Promise<"stored" | "stale"> {
    const stored = await this.#client.eval(PUT_SNAPSHOT, {
      keys: [this.#hash, this.#counter],
      arguments: [String(partition), JSON.stringify(snapshot), JSON.stringify(snapshot.offsets)],
    });
    return Number(stored) === 1 ? "stored" : "stale";
  }

  /** A number that changes whenever a snapshot is stored (0 before the first). */
  async changes(): Promise<number> {
    return Number(await this.#client.get(this.#counter) ?? 0);
  }

  /** Every partition's stored snapshot. */
  async all(): Promise<Map<number, PartitionSnapshot>> {
    const fields = await this.#client.hGetAll(this.#hash);
    const out = new Map<number, PartitionSnapshot>();
    for (const [field, text] of Object.entries(fields)) {
      if (!/^\d+$/.test(field)) continue;
      out.set(Number(field), JSON.parse(text) as PartitionSnapshot);
    }
    return out;
  }

  /** Removes every snapshot of the group (a new lake starts from nothing). */
  async clear(): Promise<void> {
    await this.#client.del([this.#hash, this.#counter]);
  }

  /** Disconnects. */
  async close(): Promise<void> {
    try {
      await this.#client.close();
    } catch {
      this.#client.destroy();
    }
  }
}
