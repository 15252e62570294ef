/**
 * The console's EventSource: applies `metrics`, `alert`, `report`, `health` and `resync`
 * events to the store and reconnects when the server gave up on us.
 *
 * @module
 */

import { loadAll, loadConfig, loadMinutes, loadMonth, loadMonthly } from "./api.ts";
import type { ConsoleStore } from "./console_store.ts";
import type { AlertEvent, HealthEvent, MetricsEvent, ReportEvent } from "./types.ts";

const MINUTE_REPORTS = new Set(["active_users", "conversion", "event_counts", "alerts"]);

/**
 * Opens `/events`. The browser resumes by itself after a network drop (sending
 * `Last-Event-ID`); when the stream is closed for good (401, 429) we reopen it after a pause
 * with `?lastEventId=` so no event is missed.
 *
 * @returns a function that closes the stream.
 */
export function connectEvents(store: ConsoleStore, retryMs = 5000): () => void {
  let source: EventSource | null = null;
  let lastId = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const handle = <T>(apply: (data: T) => void) => (event: MessageEvent<string>) => {
    if (event.lastEventId) lastId = event.lastEventId;
    apply(JSON.parse(event.data) as T);
  };

  const open = () => {
    source = new EventSource(
      lastId ? `/events?lastEventId=${encodeURIComponent(lastId)}` : "/events",
    );
    source.onopen = () => store.update((s) => void (s.connection = "live"));
    source.onerror = () => {
      store.update((s) =>
        void (s.connection = source?.readyState === EventSource.CLOSED ? "offline" : "connecting")
      );
      if (source?.readyState === EventSource.CLOSED && !stopped) {
        clearTimeout(timer);
        timer = setTimeout(open, retryMs);
      }
    };
    // The cards always follow the newest minutes; a custom range is a fixed past window that
    // live minutes do not move.
    const minute = (m: MetricsEvent) =>
      store.update((s) => {
        s.recent.upsert(m);
        if (!s.minutes.frozen) s.minutes.upsert(m);
      });
    source.addEventListener("metrics", handle<MetricsEvent>(minute));
    source.addEventListener("alert", handle<AlertEvent>((a) => store.putAlert(a)));
    source.addEventListener(
      "health",
      handle<HealthEvent>((h) => store.update((s) => void (s.health = h))),
    );
    source.addEventListener("report", handle<ReportEvent>(({ name }) => void reload(store, name)));
    source.addEventListener("resync", () => void loadAll(store));
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}

function reload(store: ConsoleStore, name: string): Promise<void> {
  if (MINUTE_REPORTS.has(name)) return loadMinutes(store);
  if (name === "top_products" || name === "ratings" || name === "ratings_by_category") {
    return loadMonth(store, store.state.month);
  }
  if (name === "products" || name === "summary") {
    return loadConfig(store).then(() => store.update(() => {}));
  }
  return loadMonthly(store);
}
