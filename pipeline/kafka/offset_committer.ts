/**
 * Commits consumer offsets one request at a time, in the background, keeping the newest per
 * topic partition.
 *
 * @module
 */

import type { Consumer } from "kafkajs";
import { log } from "../log.ts";

/** What {@linkcode offsetCommitter} returns. */
export interface OffsetCommitter {
  /**
   * Queues `offset` (the next offset to read) for the partition, when `owns` says this member
   * owns it, and resolves once a request covering it finished; a failed request is logged, and
   * the next commit of the partition covers it.
   */
  commit(topic: string, partition: number, offset: string): Promise<void>;
  /** Resolves when no commit is queued or in flight. */
  drain(): Promise<void>;
}

/**
 * Makes a committer over `consumer.commitOffsets`. Commits leave the batch path: a batch waits
 * for its results store, not for Kafka as well; offsets queued while a request is in flight go
 * in the next one, only the newest per partition.
 *
 * @param consumer the consumer whose group commits
 * @param owns whether this member owns the partition now; others' offsets are dropped (the
 *   broker would refuse them after a rebalance anyway)
 * @param label names the source in log lines
 * @returns the committer
 * @example
 * ```ts
 * import type { Consumer } from "kafkajs";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function done(consumer: Consumer): Promise<void> {
 *   const committer = offsetCommitter(consumer, () => true, "kafka source");
 *   await committer.commit("shopease.activity", 0, "42");
 * }
 * ```
 */
export function offsetCommitter(
  consumer: Pick<Consumer, "commitOffsets">,
  owns: (topic: string, partition: number) => boolean,
  label: string,
): OffsetCommitter {
  // topic \0 partition -> the newest queued offset
  const pending = new Map<string, { topic: string; partition: number; offset: string }>();
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (pending.size > 0) {
      const offsets = [];
      for (const entry of pending.values()) {
        if (owns(entry.topic, entry.partition)) offsets.push(entry);
      }
      pending.clear();
      if (offsets.length === 0) continue;
      try {
        await consumer.commitOffsets(offsets);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const list = offsets.map((o) => `${o.topic}/${o.partition}@${o.offset}`).join(", ");
        log.warn(`${label}: commit of ${list} failed: ${text}`);
      }
    }
  }

  return {
    commit(topic, partition, offset) {
      if (!owns(topic, partition)) return flushing ?? Promise.resolve();
      pending.set(`${topic}\0${partition}`, { topic, partition, offset });
      flushing ??= flush().finally(() => flushing = null);
      return flushing;
    },
    async drain() {
      while (flushing) await flushing;
    },
  };
}
