/**
 * The live pipeline's pulse: once a second it reads the group's stored progress, advances the
 * alert evaluator and refreshes the gauges and quality counts the console shows.
 *
 * @module
 */

import { log } from "../log.ts";
import type { MetricsStore, StoredProgress } from "../store/metrics_store.ts";
import { type AlertEvaluator, globalWatermark, newestEventTime } from "./alert_evaluator.ts";

/** Per partition of the topic: retained offsets. */
export type TopicOffsets = Map<number, { low: bigint; high: bigint }>;

/** Options of {@linkcode LiveMonitor}. */
export interface LiveMonitorOptions {
  store: MetricsStore;
  group: string;
  evaluator: AlertEvaluator;
  /** Records this process read that were new (the runner's `eventsIn`). */
  eventsIn: () => number;
  /** Every partition of the topic with its offsets; fetched every `lagIntervalMs`. */
  topicOffsets: () => Promise<TopicOffsets>;
  /** Lag is measured against the source (Kafka); false: always 0 (in-process source). */
  measureLag: boolean;
  /** Pause between steps, ms (default 1000). */
  intervalMs?: number;
  /** Pause between offset fetches, ms (default 5000). */
  lagIntervalMs?: number;
  /** Wall clock, ms (default `Date.now`). */
  now?: () => number;
}

/**
 * Consumer lag from stored progress: per partition, the log end offset minus the offset after
 * the last processed record (minus the log start offset where nothing is stored yet). Unlike
 * the Kafka group lag, records kept for still-open windows do not count: they were processed.
 *
 * @param progress the group's stored progress
 * @param offsets the topic's offsets
 * @returns messages not processed yet
 */
export function processingLag(progress: StoredProgress, offsets: TopicOffsets): number {
  let lag = 0n;
  for (const [p, { low, high }] of offsets) {
    const processed = progress.partitions.get(p)?.processed;
    const behind = high - (processed === undefined ? low : BigInt(processed));
    if (behind > 0n) lag += behind;
  }
  return Number(lag);
}

/**
 * Runs the pulse. `gauges()` and `quarantineByReason()` return the latest figures without
 * waiting, as `LiveFeed` needs: `events_in`, `records_per_second`, `quarantined_total`,
 * `consumer_lag` and `watermark_delay_ms` (the newest event time stored minus the global
 * watermark: event time, so replayed history reads its real delay, not its age).
 */
export class LiveMonitor {
  readonly #opts: LiveMonitorOptions;
  readonly #now: () => number;
  #gauges: Record<string, number> = {};
  #quarantine: Record<string, number> = {};
  #offsets: TopicOffsets = new Map();
  #offsetsAt = -Infinity;
  #last: { at: number; events: number } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | null = null;
  #stopped = false;

  /** @param opts store, evaluator and sources of figures */
  constructor(opts: LiveMonitorOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** The latest gauges. */
  gauges(): Record<string, number> {
    return { ...this.#gauges, events_in: this.#opts.eventsIn() };
  }

  /** Quarantined records of the group by reason, summed over partitions. */
  quarantineByReason(): Record<string, number> {
    return { ...this.#quarantine };
  }

  /** Start of the last minute every partition has closed, ms (-Infinity: none yet). */
  completeThrough(): number {
    return this.#opts.evaluator.completeThrough;
  }

  /** Starts stepping every `intervalMs` (the first step right away). */
  start(): void {
    const loop = async () => {
      this.#running = this.step().catch((error) => {
        log.warn(`live monitor: ${error instanceof Error ? error.message : String(error)}`);
      });
      await this.#running;
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#opts.intervalMs ?? 1000);
    };
    void loop();
  }

  /** Stops stepping, waiting for a step in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One step: read progress, feed the evaluator, refresh figures. */
  async step(): Promise<void> {
    const { store, group, evaluator } = this.#opts;
    const now = this.#now();
    if (now - this.#offsetsAt >= (this.#opts.lagIntervalMs ?? 5000)) {
      this.#offsets = await this.#opts.topicOffsets();
      this.#offsetsAt = now;
    }
    const progress = await store.readProgress(group);
    const partitions = [...this.#offsets.keys()];
    await evaluator.step(progress, partitions);

    const quarantine: Record<string, number> = {};
    let quarantined = 0;
    for (const p of progress.partitions.values()) {
      for (const [reason, count] of Object.entries(p.quality ?? {})) {
        if (reason === "valid") continue;
        quarantine[reason] = (quarantine[reason] ?? 0) + count;
        quarantined += count;
      }
    }
    const events = this.#opts.eventsIn();
    const last = this.#last;
    const rate = last === null || now <= last.at
      ? 0
      : ((events - last.events) * 1000) / (now - last.at);
    this.#last = { at: now, events };
    const mark = globalWatermark(progress, partitions);
    const newest = newestEventTime(progress, partitions);
    this.#quarantine = quarantine;
    this.#gauges = {
      records_per_second: Math.round(rate),
      quarantined_total: quarantined,
      consumer_lag: this.#opts.measureLag ? processingLag(progress, this.#offsets) : 0,
      ...(mark > -Infinity && newest > -Infinity
        ? { watermark_delay_ms: Math.max(0, newest - mark) }
        : {}),
    };
  }
}
