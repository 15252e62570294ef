/**
 * The ShopEase Stream console: entry point of the browser bundle.
 *
 * @module
 */

import { render } from "preact";
import { useEffect, useReducer } from "preact/hooks";
import { loadAll, loadMonth } from "./api.ts";
import { AlertsFeed } from "./components/alerts_feed.tsx";
import { EmptyState } from "./components/empty_state.tsx";
import { LiveCards } from "./components/live_cards.tsx";
import { MinuteCharts } from "./components/minute_charts.tsx";
import { QualityPanel } from "./components/quality_panel.tsx";
import { RatingsPanel } from "./components/ratings_panel.tsx";
import { RevenueChart } from "./components/revenue_chart.tsx";
import { TopProductsChart } from "./components/top_products_chart.tsx";
import { TurnoverHeatmap } from "./components/turnover_heatmap.tsx";
import { ConsoleStore } from "./console_store.ts";
import { connectEvents } from "./live_stream.ts";

const CONNECTION_TEXT = {
  connecting: "connecting…",
  live: "live",
  offline: "offline, retrying",
} as const;

/** The whole console; re-renders once per animation frame in which the store changed. */
export function App({ store }: { store: ConsoleStore }) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => store.subscribe(() => redraw(0)), []);
  const s = store.state;
  const hasData = s.months.length > 0 || s.minutes.xs.length > 0 || s.quality.length > 0 ||
    s.health !== null;

  const pickMonth = (month: string) => {
    loadMonth(store, month).catch((error) => store.update((st) => void (st.error = String(error))));
  };

  return (
    <>
      <header class="top">
        <div class="brand">
          <h1>ShopEase Stream</h1>
          <span class={`status ${s.connection}`} data-connection={s.connection}>
            {CONNECTION_TEXT[s.connection]}
          </span>
          {s.error && <span class="error" role="alert">{s.error}</span>}
        </div>
        <LiveCards state={s} />
      </header>
      <main>
        {s.loaded && !hasData && <EmptyState />}
        {!s.loaded && <p class="loading">Loading…</p>}
        <div class={hasData ? "grid" : "grid hidden"}>
          <MinuteCharts store={store} minutes={s.minutes} />
          <TopProductsChart
            rows={s.topProducts}
            months={s.months}
            month={s.month}
            onMonth={pickMonth}
          />
          <RevenueChart rows={s.revenue} behavior={s.behavior} />
          <TurnoverHeatmap rows={s.turnover} />
          <AlertsFeed alerts={s.alerts} />
          <QualityPanel rows={s.quality} live={s.health?.quarantine ?? {}} />
          <RatingsPanel month={s.month} categories={s.categoryRatings} products={s.ratings} />
        </div>
      </main>
    </>
  );
}

const root = document.getElementById("app");
if (root) {
  const store = new ConsoleStore();
  render(<App store={store} />, root);
  loadAll(store).then(() => connectEvents(store));
}
