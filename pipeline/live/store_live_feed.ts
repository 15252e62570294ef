/**
 * The server's view of the live pipeline: per-minute rows from the metrics store (shaped like
 * the lake reports), and the monitor's gauges.
 *
 * @module
 */

import { EVENT_TYPES } from "../../operators/registry.ts";
import { isoMinute, MINUTE_MS } from "../../operators/time_buckets.ts";
import type { LiveFeed, LiveMetric } from "../../server/live_feed.ts";
import type { MetricsStore, StoredAlert } from "../store/metrics_store.ts";

/** Where gauges and quality counts come from (a `LiveMonitor`). */
export interface LiveFigures {
  gauges(): Record<string, number>;
  quarantineByReason(): Record<string, number>;
  /** Start of the last minute every partition has closed, ms (-Infinity: none yet). */
  completeThrough?(): number;
}

const FIRST_MINUTE = isoMinute(0);
const LAST_MINUTE = "9999-12-31T23:59:00.000Z";
const TYPE_ORDER = new Map<string, number>(EVENT_TYPES.map((type, k) => [type, k]));

/**
 * The last minute that starts before an exclusive bound.
 *
 * @param to exclusive bound, ISO-8601
 * @returns the ISO minute, or null when no minute starts before it
 */
function lastMinuteBefore(to: string): string | null {
  const t = Date.parse(to);
  const start = Math.ceil(t / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  return start < 0 ? null : isoMinute(start);
}

/**
 * A {@linkcode LiveFeed} over a metrics store. Rows match the lake reports: event counts are
 * sparse (no zero rows), alerts come in minute order then event type order, firing before
 * resolved. Rows of minutes after the last complete one (still open in some partition: values
 * so far) carry `partial: true`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MemoryStore } from "../store/memory_store.ts";
 * const figures = { gauges: () => ({}), quarantineByReason: () => ({}) }; // a LiveMonitor
 * const feed = new StoreLiveFeed(new MemoryStore(), figures);
 * // The console server takes it: startServer({ lakeDir: "lake", hub, live: feed }).
 * assert.deepEqual(await feed.query("active_users"), []);
 * ```
 */
export class StoreLiveFeed implements LiveFeed {
  readonly #store: MetricsStore;
  readonly #figures: LiveFigures;

  /**
   * @param store the metrics store
   * @param figures gauges and quality counts
   */
  constructor(store: MetricsStore, figures: LiveFigures) {
    this.#store = store;
    this.#figures = figures;
  }

  async query(metric: LiveMetric, from?: string, to?: string): Promise<Record<string, unknown>[]> {
    const fromMinute = from ?? FIRST_MINUTE;
    const toMinute = to === undefined ? LAST_MINUTE : lastMinuteBefore(to);
    if (metric === "alerts") return sortAlerts(await this.#store.alerts(), from, to);
    if (toMinute === null || toMinute < fromMinute) return [];
    const rows = await this.#store.queryMinutes(metric, fromMinute, toMinute);
    const kept =
      (metric === "event_counts"
        ? rows.filter((row) => (row as { count: number }).count > 0)
        : rows) as unknown as Record<string, unknown>[];
    if (this.#figures.completeThrough === undefined) return kept;
    const through = this.#figures.completeThrough();
    const complete = through > -Infinity ? isoMinute(through) : "";
    for (const row of kept) if (String(row.minute) > complete) row.partial = true;
    return kept;
  }

  gauges(): Record<string, number> {
    return this.#figures.gauges();
  }

  quarantineByReason(): Record<string, number> {
    return this.#figures.quarantineByReason();
  }
}

/** Alerts whose minute is in `[from, to)`, in report order. */
function sortAlerts(alerts: StoredAlert[], from?: string, to?: string): Record<string, unknown>[] {
  const kept = alerts.filter((a) =>
    (from === undefined || a.minute >= from) && (to === undefined || a.minute < to)
  );
  kept.sort((a, b) =>
    a.minute < b.minute ? -1 : a.minute > b.minute ? 1 : (TYPE_ORDER.get(a.event_type) ?? 0) -
        (TYPE_ORDER.get(b.event_type) ?? 0) ||
      (a.state === b.state ? 0 : a.state === "firing" ? -1 : 1)
  );
  return kept as unknown as Record<string, unknown>[];
}
