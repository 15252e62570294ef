/**
 * The in-memory metrics store: the default when no Redis is configured, with the same semantics
 * as {@linkcode RedisStore} (per-partition overwrite, offsets with results, TTL, capped alerts).
 *
 * @module
 */

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
import { checkProgress, isBehind } from "./partition_progress.ts";

/** Runs `fn` now and returns its result as a promise, a throw as a rejection. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

interface MinuteEntry {
  score: number;
  fields: Map<string, number>;
  expiresAt: number;
}

/** Options of the in-memory store. */
export interface MemoryStoreOptions extends StoreOptions {
  /** Wall clock for TTLs (default `Date.now`); tests pass a fake one. */
  now?: () => number;
}

/**
 * Keeps metrics in this process. Operations complete synchronously inside their promise, so a
 * commit is atomic with respect to every other call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { MetricsStore } from "./metrics_store.ts";
 * const store: MetricsStore = new MemoryStore();
 * await store.commitWindows({ group: "g", partitions: [{ partition: 0, offset: "10" }], rows: [] });
 * assert.equal((await store.readProgress("g")).partitions.get(0)?.offset, "10");
 * ```
 */
export class MemoryStore implements MetricsStore {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #minutes = new Map<MinuteMetric, Map<string, MinuteEntry>>();
  readonly #progress = new Map<string, Map<number, PartitionProgress>>();
  readonly #epoch = crypto.randomUUID();
  #alerts: StoredAlert[] = [];
  readonly #alertIds = new Set<string>();
  readonly #listeners = new Set<(row: StoredAlert) => void>();
  readonly #gauges = new Map<string, number>();
  #nextSweep = 0;

  /** @param opts TTL and clock (`prefix` is accepted for symmetry and unused) */
  constructor(opts: MemoryStoreOptions = {}) {
    this.#ttlMs = (opts.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
    this.#now = opts.now ?? Date.now;
  }

  commitWindows(update: WindowCommit): Promise<CommitOutcome> {
    return settle(() => this.#commit(update));
  }

  #commit(update: WindowCommit): CommitOutcome {
    // Validate everything before changing anything: all or nothing.
    const writes = update.rows.map((row) => ({
      row,
      score: minuteScore(row.minute),
      fields: minuteFields(row),
    }));
    for (const p of update.partitions) checkProgress(p);
    if (update.epoch !== undefined && update.epoch !== this.#epoch) return "reset";
    let progress = this.#progress.get(update.group);
    if (!progress) this.#progress.set(update.group, progress = new Map());
    for (const p of update.partitions) if (isBehind(progress.get(p.partition), p)) return "stale";
    const expiresAt = this.#now() + this.#ttlMs;
    for (const { row, score, fields } of writes) {
      let byMinute = this.#minutes.get(row.metric);
      if (!byMinute) this.#minutes.set(row.metric, byMinute = new Map());
      let entry = byMinute.get(row.minute);
      if (!entry || entry.expiresAt <= this.#now()) {
        byMinute.set(row.minute, entry = { score, fields: new Map(), expiresAt });
      }
      for (const [field, count] of fields) entry.fields.set(field, count);
      entry.expiresAt = expiresAt;
    }
    this.#sweep();
    for (const p of update.partitions) progress.set(p.partition, structuredClone(p));
    return "committed";
  }

  /** Drops expired minutes, at most once a minute, so a long run does not grow without bound. */
  #sweep(): void {
    const now = this.#now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 60_000;
    for (const byMinute of this.#minutes.values()) {
      for (const [minute, entry] of byMinute) if (entry.expiresAt <= now) byMinute.delete(minute);
    }
  }

  appliedOffsets(group: string): Promise<Record<number, string>> {
    const offsets: Record<number, string> = {};
    for (const [partition, p] of this.#progress.get(group) ?? []) offsets[partition] = p.offset;
    return Promise.resolve(offsets);
  }

  readProgress(group: string): Promise<StoredProgress> {
    const partitions = new Map<number, PartitionProgress>();
    for (const [partition, p] of this.#progress.get(group) ?? []) {
      partitions.set(partition, structuredClone(p));
    }
    return Promise.resolve({ epoch: this.#epoch, partitions });
  }

  claimEpoch(): Promise<string> {
    return Promise.resolve(this.#epoch);
  }

  queryMinutes<M extends MinuteMetric>(
    metric: M,
    fromMinute: string,
    toMinute: string,
  ): Promise<MinuteRowOf[M][]> {
    return settle(() => this.#query(metric, fromMinute, toMinute));
  }

  #query<M extends MinuteMetric>(
    metric: M,
    fromMinute: string,
    toMinute: string,
  ): MinuteRowOf[M][] {
    const from = minuteScore(fromMinute);
    const to = minuteScore(toMinute);
    const now = this.#now();
    const entries: [string, MinuteEntry][] = [];
    for (const [minute, entry] of this.#minutes.get(metric) ?? []) {
      if (entry.score >= from && entry.score <= to && entry.expiresAt > now) {
        entries.push([minute, entry]);
      }
    }
    entries.sort((a, b) => a[1].score - b[1].score);
    const rows: MinuteRowOf[M][] = [];
    for (const [minute, entry] of entries) {
      rows.push(...sumMinute(metric, minute, Object.fromEntries(entry.fields)));
    }
    return rows;
  }

  publishAlert(row: StoredAlert): Promise<boolean> {
    return settle(() => this.#publish(row));
  }

  #publish(row: StoredAlert): boolean {
    const key = alertKey(row);
    if (this.#alertIds.has(key)) return false;
    this.#alertIds.add(key);
    this.#alerts.unshift(row);
    if (this.#alerts.length > ALERTS_KEPT) this.#alerts = this.#alerts.slice(0, ALERTS_KEPT);
    for (const listener of this.#listeners) {
      try {
        listener(row);
      } catch (error) {
        log.error(
          `alert subscriber failed on ${row.id}: ${error instanceof Error ? error.message : error}`,
        );
      }
    }
    return true;
  }

  alerts(limit = ALERTS_KEPT): Promise<StoredAlert[]> {
    return Promise.resolve(this.#alerts.slice(0, limit));
  }

  subscribeAlerts(cb: (row: StoredAlert) => void): AlertSubscription {
    const listener = (row: StoredAlert) => cb(row);
    this.#listeners.add(listener);
    return Object.assign(() => void this.#listeners.delete(listener), { ready: Promise.resolve() });
  }

  setGauge(name: string, value: number): Promise<void> {
    this.#gauges.set(name, value);
    return Promise.resolve();
  }

  getGauges(): Promise<Record<string, number>> {
    return Promise.resolve(Object.fromEntries(this.#gauges));
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return Promise.resolve();
  }
}
