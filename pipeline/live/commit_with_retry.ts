/**
 * Commits to the metrics store, retrying while it is unreachable.
 *
 * @module
 */

import { log } from "../log.ts";
import type { CommitOutcome, MetricsStore, WindowCommit } from "../store/metrics_store.ts";

/** Options of {@linkcode commitWithRetry}. */
export interface RetryOptions {
  /** Gives up (rethrows) once this says so, e.g. when the runner stops. */
  stopped: () => boolean;
  /** Called between attempts, e.g. to keep a consumer group membership alive. */
  between?: () => Promise<void>;
}

/**
 * Commits `update`, retrying with a capped backoff (0.1 s doubling to 2 s) while the store
 * throws, for instance during a Redis restart. Every tenth failure is logged.
 *
 * @param store the metrics store
 * @param update what to commit
 * @param opts when to give up, and what to do between attempts
 * @returns the store's outcome
 * @throws the last error, once `stopped()` is true
 */
export async function commitWithRetry(
  store: MetricsStore,
  update: WindowCommit,
  opts: RetryOptions,
): Promise<CommitOutcome> {
  for (let attempt = 0;; attempt++) {
    try {
      return await store.commitWindows(update);
    } catch (error) {
      if (opts.stopped()) throw error;
      if (attempt % 10 === 0) {
        const text = error instanceof Error ? error.message : String(error);
        const partitions = update.partitions.map((p) => p.partition).join(", ");
        log.warn(`live: commit of partition ${partitions} failed, retrying: ${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
      await opts.between?.().catch(() => {});
    }
  }
}
