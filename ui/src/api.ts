/**
 * Fetches of the console's JSON snapshots into the store.
 *
 * @module
 */

import type { ConsoleStore } from "./console_store.ts";
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

/** Reloads the reports of one month-dependent panel set (top products and ratings). */
export async function loadMonth(store: ConsoleStore, month: string | null): Promise<void> {
  const q = month ? `?month=${month}` : "";
  const [topProducts, ratings, categoryRatings] = await Promise.all([
    getJson<ConsoleStore["state"]["topProducts"]>(`/api/top_products${q}`),
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

/** Reloads the monthly reports. */
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
 * Reloads the per-minute snapshots and the alerts: with a live pipeline its last 2 hours (open
 * minutes marked partial), else the replayed history's last 24 hours.
 */
export async function loadMinutes(store: ConsoleStore): Promise<void> {
  type Row = Record<string, unknown>;
  const [active, conversion, counts, alerts, gauges] = await Promise.all([
    getJson<Row[]>("/api/active_users"),
    getJson<Row[]>("/api/conversion"),
    getJson<Row[]>("/api/event_counts"),
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
  const live = Object.keys(gauges?.gauges ?? {}).length > 0;
  store.update((s) => {
    const m = s.minutes;
    m.clear(live);
    for (const minute of [...events.keys()].sort()) m.upsert(events.get(minute)!);
    s.alerts = new Map(alerts.map((a) => [a.id, a]));
    s.alertsVersion++;
    if (gauges && Object.keys(gauges.gauges).length > 0) s.health = gauges;
  });
}

/** Loads everything; errors end up in `state.error` for the header to show. */
export async function loadAll(store: ConsoleStore): Promise<void> {
  try {
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
