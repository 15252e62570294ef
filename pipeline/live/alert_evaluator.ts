/**
 * Spike alerts over the global per-minute counts: a minute is complete once every partition's
 * watermark has passed it, and complete minutes go, in order, through the same `spikeAlerts()`
 * operator as replay.
 *
 * @module
 */

import { Subject } from "rxjs";
import type { EventCountRow } from "../../operators/event_counts.ts";
import type { JsonRow } from "../../operators/registry.ts";
import type { AlertRow } from "../../operators/alert_row.ts";
import { spikeAlerts, type SpikeOptions } from "../../operators/spike_alerts.ts";
import { isoMinute, MINUTE_MS, minuteStart } from "../../operators/time_buckets.ts";
import type { MetricsEvent } from "../../server/console_events.ts";
import type { MetricsStore, StoredAlert, StoredProgress } from "../store/metrics_store.ts";
import { FirstFailure } from "../graph/first_failure.ts";

/** Options of {@linkcode AlertEvaluator}. */
export interface AlertEvaluatorOptions {
  store: MetricsStore;
  /** Spike detection parameters, as given to replay. */
  spike: Partial<SpikeOptions>;
  /** Receives each minute completed after the first step (not the history rebuilt at start). */
  onMinute?: (event: MetricsEvent) => void;
  /**
   * Receives, at each step, the minutes after the complete ones (still open in some partition)
   * whose stored values changed since the previous step, with `partial: true`: the values so
   * far, summed over partitions. Live views use them to move between complete minutes.
   */
  onOpenMinute?: (event: MetricsEvent) => void;
}

const LAST_MINUTE = "9999-12-31T23:59:00.000Z";

/** An event count row as the store returns it (minute as ISO text). */
type StoredCount = JsonRow<EventCountRow>;

/** A stored count row as the operator's row, minute in epoch ms. */
function countRow(row: StoredCount): EventCountRow {
  return { minute: Date.parse(row.minute), event_type: row.event_type, count: row.count };
}

/** An alert as the store keeps it, minute as ISO text. */
function storedAlert(row: AlertRow): StoredAlert {
  return { ...row, minute: isoMinute(row.minute) };
}

/**
 * The global watermark: the smallest stored watermark over the partitions that are not idle
 * (as Flink's `withIdleness`). A partition without a stored watermark holds everything back
 * unless it is idle: a running owner marks a partition idle after the idle timeout, so this only
 * waits while a partition has no running owner. When every partition is idle, the smallest
 * watermark of those that have one: nothing moves on a fully idle stream, and the minutes after
 * it stay open (their values so far are stored and shown as partial) until new events arrive.
 *
 * Trade-off: once an idle partition gets events again, they count for its own minutes, but
 * minutes the others completed meanwhile were already fed to the spike detector.
 *
 * @param progress stored progress of the group
 * @param partitions every partition of the topic
 * @returns ms of event time, or -Infinity
 */
export function globalWatermark(progress: StoredProgress, partitions: readonly number[]): number {
  let active = Infinity;
  let idle = Infinity;
  for (const p of partitions) {
    const stored = progress.partitions.get(p);
    const mark = stored?.watermark ?? null;
    if (stored?.idle === true) {
      if (mark !== null && mark < idle) idle = mark;
    } else if (mark === null) {
      return -Infinity;
    } else if (mark < active) {
      active = mark;
    }
  }
  if (active < Infinity) return active;
  return idle < Infinity ? idle : -Infinity;
}

/**
 * The newest event time stored over `partitions` (each partition's `newest`), -Infinity when none.
 *
 * @param progress stored progress of the group
 * @param partitions every partition of the topic
 */
export function newestEventTime(progress: StoredProgress, partitions: readonly number[]): number {
  let newest = -Infinity;
  for (const p of partitions) {
    const value = progress.partitions.get(p)?.newest ?? null;
    if (value !== null && value > newest) newest = value;
  }
  return newest;
}

/**
 * Feeds complete minutes to `spikeAlerts()` and publishes its alerts. The first step feeds
 * every stored complete minute from the first one, which rebuilds the detector's state; each
 * later step feeds the minutes completed since. `publishAlert` keeps each (id, state) once, so
 * several instances evaluating the same store publish each alert once. A new store epoch (the
 * store lost its data) starts over.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MemoryStore } from "../store/memory_store.ts";
 * const store = new MemoryStore();
 * const evaluator = new AlertEvaluator({ store, spike: {} });
 * const alerts = await evaluator.step(await store.readProgress("shopease"), [0, 1, 2, 3]);
 * assert.deepEqual(alerts, []); // no minute complete yet
 * ```
 */
export class AlertEvaluator {
  readonly #opts: AlertEvaluatorOptions;
  #input = new Subject<EventCountRow[]>();
  #pending: AlertRow[] = [];
  #failure = new FirstFailure();
  #epoch: string | null = null;
  /** Start of the last minute fed, -Infinity before the first step. */
  #through = -Infinity;
  /** Open minutes announced, with the JSON of their last event, to announce only changes. */
  #openSent = new Map<string, string>();

  /** @param opts store, spike options and the minute callback */
  constructor(opts: AlertEvaluatorOptions) {
    this.#opts = opts;
    this.#reset();
  }

  /** Start of the last complete minute fed, ms (-Infinity: none). */
  get completeThrough(): number {
    return this.#through;
  }

  /**
   * Feeds the minutes completed since the last step, then announces the open minutes that
   * changed (when `onOpenMinute` is set).
   *
   * @param progress the group's stored progress, just read
   * @param partitions every partition of the topic
   * @returns the alerts published (new or not)
   */
  async step(progress: StoredProgress, partitions: readonly number[]): Promise<StoredAlert[]> {
    if (progress.epoch !== this.#epoch) {
      this.#epoch = progress.epoch;
      this.#reset();
    }
    const mark = globalWatermark(progress, partitions);
    if (!(mark > -Infinity)) return [];
    const complete = minuteStart(mark - MINUTE_MS); // windows end at or before the watermark
    const alerts = complete > this.#through ? await this.#advance(complete) : [];
    if (this.#opts.onOpenMinute !== undefined) await this.#announceOpen();
    return alerts;
  }

  /** Feeds the minutes up to `complete` to the detector and publishes what it raised. */
  async #advance(complete: number): Promise<StoredAlert[]> {
    const first = this.#through === -Infinity;
    const from = isoMinute(first ? 0 : this.#through + MINUTE_MS);
    const to = isoMinute(complete);
    const { store } = this.#opts;
    const counts = (await store.queryMinutes("event_counts", from, to)).filter((r) => r.count > 0);
    // Sparse like replay's eventCounts: a zero row would start a series replay never starts.
    // The store is an edge: its minutes are ISO text, the operator's epoch ms.
    if (counts.length > 0) this.#input.next(counts.map(countRow));
    this.#failure.check();
    const alerts = this.#pending.map(storedAlert);
    this.#pending = [];
    for (const alert of alerts) await store.publishAlert(alert);
    if (!first && this.#opts.onMinute !== undefined) {
      for (const event of await this.#minuteEvents(from, to, counts)) this.#opts.onMinute(event);
    }
    this.#through = complete;
    return alerts;
  }

  /** Announces each minute after the complete ones whose values changed, as partial. */
  async #announceOpen(): Promise<void> {
    const from = isoMinute(this.#through + MINUTE_MS);
    for (const minute of this.#openSent.keys()) if (minute < from) this.#openSent.delete(minute);
    const counts = (await this.#opts.store.queryMinutes("event_counts", from, LAST_MINUTE))
      .filter((r) => r.count > 0);
    for (const event of await this.#minuteEvents(from, LAST_MINUTE, counts)) {
      event.partial = true;
      const json = JSON.stringify(event);
      if (this.#openSent.get(event.minute) === json) continue;
      this.#openSent.set(event.minute, json);
      this.#opts.onOpenMinute!(event);
    }
  }

  /** One `metrics` event per minute of `[from, to]` that has data, in minute order. */
  async #minuteEvents(
    from: string,
    to: string,
    counts: StoredCount[],
  ): Promise<MetricsEvent[]> {
    const { store } = this.#opts;
    const events = new Map<string, MetricsEvent>();
    const at = (minute: string) => {
      let event = events.get(minute);
      if (event === undefined) events.set(minute, event = { minute });
      return event;
    };
    for (const row of await store.queryMinutes("active_users", from, to)) {
      at(row.minute).active_users = row.active_users;
    }
    for (const row of await store.queryMinutes("conversion", from, to)) {
      Object.assign(at(row.minute), {
        sessions: row.sessions,
        converted_sessions: row.converted_sessions,
        rate: row.rate,
      });
    }
    for (const row of counts) (at(row.minute).event_counts ??= {})[row.event_type] = row.count;
    return [...events.keys()].sort().map((minute) => events.get(minute)!);
  }

  #reset(): void {
    this.#input.complete();
    this.#input = new Subject<EventCountRow[]>();
    this.#pending = [];
    this.#failure = new FirstFailure();
    this.#through = -Infinity;
    this.#openSent.clear();
    this.#input.pipe(spikeAlerts(this.#opts.spike)).subscribe({
      next: (alerts) => this.#pending.push(...alerts),
      error: this.#failure.fail,
    });
  }
}
