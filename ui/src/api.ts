/**
 * Fetches of the console's JSON snapshots into the store.
 *
 * @module
 */

import {
  type ConsoleConfig,
  type ConsoleStore,
  type ProductInfo,
  RANGE_PRESETS,
} from "./console_store.ts";
import { EVENT_TYPES } from "./minute_series.ts";
import type { AlertEvent, MetricsEvent } from "./types.ts";

/** GETs a JSON route; throws with the server's `error` text on a non-2xx answer. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new Error(`${path}: ${res.status} ${body.error ?? res.statusText}`);
  }
  return await res.json() as T;
}

/** Loads the server's settings (currency, live or not) and the product names. */
export async function loadConfig(store: ConsoleStore): Promise<void> {
  const [config, products] = await Promise.all([
    getJson<ConsoleConfig>("/api/config"),
    getJson<ProductInfo[]>("/api/products"),
  ]);
  store.update((s) => {
    s.config = config;
    s.products = new Map(products.map((p) => [p.product_id, p]));
  });
}

/**
 * Reloads the reports of the month-dependent panels (top products, ratings); `month` null
 * means the server's default (the last complete month).
 */
export async function loadMonth(store: ConsoleStore, month: string | null): Promise<void> {
  const q = month ? `?month=${month}` : "";
  const by = store.state.topBy === "revenue" ? `${q ? "&" : "?"}by=revenue` : "";
  const [topProducts, ratings, categoryRatings] = await Promise.all([
    getJson<ConsoleStore["state"]["topProducts"]>(`/api/top_products${q}${by}`),
    getJson<ConsoleStore["state"]["ratings"]>(`/api/ratings${q}`),
    getJson<ConsoleStore["state"]["categoryRatings"]>(`/api/ratings_by_category${q}`),
  ]);
  store.update((s) => {
    s.month = month ?? topProducts[0]?.month ?? s.months.at(-1) ?? null;
    s.topProducts = topProducts;
    s.ratings = ratings;
    s.categoryRatings = categoryRatings;
  });
}

/** Reloads the monthly reports (all months: the month range filters them in the page). */
export async function loadMonthly(store: ConsoleStore): Promise<void> {
  const [months, revenue, turnover, behavior, quality] = await Promise.all([
    getJson<string[]>("/api/months"),
    getJson<ConsoleStore["state"]["revenue"]>("/api/monthly_revenue"),
    getJson<ConsoleStore["state"]["turnover"]>("/api/inventory_turnover"),
    getJson<ConsoleStore["state"]["behavior"]>("/api/purchase_behavior"),
    getJson<ConsoleStore["state"]["quality"]>("/api/quality"),
  ]);
  store.update((s) => {
    s.months = months;
    s.revenue = revenue;
    s.turnover = turnover;
    s.behavior = behavior;
    s.quality = quality;
  });
  const month = store.state.month && months.includes(store.state.month) ? store.state.month : null;
  await loadMonth(store, month);
}

/**
 * The `[from, to)` query of the chosen minute range, in unix seconds: a preset ends after the
 * newest minute there is (live or in the lake), a custom range is as chosen.
 */
export function rangeBounds(store: ConsoleStore, newest: number | null): [number, number] | null {
  const range = store.state.minuteRange;
  if (range.kind === "custom") return [range.from, range.to];
  const preset = RANGE_PRESETS.find((p) => p.key === range.key)!;
  return newest === null ? null : [newest + 60 - preset.minutes * 60, newest + 60];
}

/** The newest minute the server has (unix seconds), from the default window; null: none. */
async function newestMinute(store: ConsoleStore): Promise<number | null> {
  const m = store.state.minutes;
  if (!m.frozen && m.xs.length > 0) return m.xs[m.xs.length - 1];
  const rows = await getJson<Record<string, unknown>[]>("/api/active_users");
  return rows.length ? Date.parse(String(rows[rows.length - 1].minute)) / 1000 : null;
}

/**
 * Reloads the per-minute metrics of the chosen range and the alerts from the server (the live
 * pipeline's metrics store, else the lake's reports); open minutes come marked partial.
 */
export async function loadMinutes(store: ConsoleStore): Promise<void> {
  type Row = Record<string, unknown>;
  const bounds = rangeBounds(
    store,
    store.state.minuteRange.kind === "custom" ? null : await newestMinute(store),
  );
  const q = bounds === null ? "" : `?from=${iso(bounds[0])}&to=${iso(bounds[1])}`;
  const [active, conversion, counts, alerts, gauges] = await Promise.all([
    getJson<Row[]>(`/api/active_users${q}`),
    getJson<Row[]>(`/api/conversion${q}`),
    getJson<Row[]>(`/api/event_counts${q}`),
    getJson<AlertEvent[]>("/api/alerts"),
    getJson<ConsoleStore["state"]["health"]>("/api/gauges"),
  ]);
  // One event per minute, as SSE sends them: the sparse count rows of a minute merge into one.
  const events = new Map<string, MetricsEvent>();
  const at = (row: Row) => {
    const minute = String(row.minute);
    let event = events.get(minute);
    if (event === undefined) events.set(minute, event = { minute, partial: false });
    if (row.partial === true) event.partial = true;
    return event;
  };
  for (const row of active) at(row).active_users = Number(row.active_users);
  for (const row of conversion) at(row).rate = Number(row.rate);
  for (const row of counts) {
    const type = String(row.event_type);
    if ((EVENT_TYPES as readonly string[]).includes(type)) {
      (at(row).event_counts ??= {})[type] = Number(row.count);
    }
  }
  store.update((s) => {
    const m = s.minutes;
    m.clear(s.config.live, bounds ? (bounds[1] - bounds[0]) / 60 : undefined);
    m.window = bounds;
    m.frozen = s.minuteRange.kind === "custom";
    const sorted = [...events.keys()].sort();
    for (const minute of sorted) m.upsert(events.get(minute)!);
    if (!m.frozen) {
      // The cards follow the newest minutes, also while a custom range is shown.
      s.recent.clear(s.config.live, 5);
      for (const minute of sorted.slice(-5)) s.recent.upsert(events.get(minute)!);
    }
    s.alerts = new Map(alerts.map((a) => [a.id, a]));
    s.alertsVersion++;
    if (gauges && Object.keys(gauges.gauges).length > 0) s.health = gauges;
  });
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Loads everything; errors end up in `state.error` for the header to show. */
export async function loadAll(store: ConsoleStore): Promise<void> {
  try {
    await loadConfig(store);
    await Promise.all([loadMonthly(store), loadMinutes(store)]);
    store.update((s) => {
      s.error = null;
    });
  } catch (error) {
    store.update((s) => {
      s.error = (error as Error).message;
    });
  } finally {
    store.update((s) => {
      s.loaded = true;
    });
  }
}
