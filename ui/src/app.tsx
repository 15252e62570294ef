/**
 * The ShopEase Stream console: entry point of the browser bundle.
 *
 * @module
 */

import { render } from "preact";
import { useEffect, useReducer } from "preact/hooks";
import { loadAll, loadMinutes, loadMonth } from "./api.ts";
import { AlertsFeed } from "./components/alerts_feed.tsx";
import { EmptyState } from "./components/empty_state.tsx";
import { LiveCards } from "./components/live_cards.tsx";
import { MinuteCharts, shownRange } from "./components/minute_charts.tsx";
import { QualityPanel } from "./components/quality_panel.tsx";
import { RangeControls } from "./components/range_controls.tsx";
import { RatingsPanel } from "./components/ratings_panel.tsx";
import { RevenueChart } from "./components/revenue_chart.tsx";
import { TopProductsChart } from "./components/top_products_chart.tsx";
import { TurnoverHeatmap } from "./components/turnover_heatmap.tsx";
import { ConsoleStore, type MinuteRange } from "./console_store.ts";
import { connectEvents } from "./live_stream.ts";

const CONNECTION_TEXT = {
  connecting: "connecting…",
  live: "live",
  offline: "offline, retrying",
} as const;

/** Rows whose `month` lies in `[from, to]` (null: open). */
function inMonths<T extends { month: string }>(rows: T[], from: string | null, to: string | null) {
  return from === null && to === null
    ? rows
    : rows.filter((r) => (from === null || r.month >= from) && (to === null || r.month <= to));
}

/** The whole console; re-renders once per animation frame in which the store changed. */
export function App({ store }: { store: ConsoleStore }) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => store.subscribe(() => redraw(0)), []);
  const s = store.state;
  const hasData = s.months.length > 0 || s.minutes.xs.length > 0 || s.quality.length > 0 ||
    s.health !== null;
  const fail = (error: unknown) => store.update((st) => void (st.error = String(error)));

  const pickMonth = (month: string) => void loadMonth(store, month).catch(fail);
  const pickBy = (by: "units" | "revenue") => {
    store.update((st) => void (st.topBy = by));
    loadMonth(store, store.state.month).catch(fail);
  };
  const pickRange = (range: MinuteRange) => {
    store.update((st) => void (st.minuteRange = range));
    loadMinutes(store).catch(fail);
  };
  const pickMonthRange = (from: string | null, to: string | null) => {
    store.update((st) => {
      [st.monthFrom, st.monthTo] = from !== null && to !== null && from > to
        ? [to, from]
        : [from, to];
    });
  };
  const shown = shownRange(s.minutes);
  const from = s.monthFrom ?? s.months[0] ?? null;
  const to = s.monthTo ?? s.months.at(-1) ?? null;

  return (
    <>
      <header class="top">
        <div class="brand">
          <h1>ShopEase Stream</h1>
          <span class={`status ${s.connection}`} data-connection={s.connection}>
            {CONNECTION_TEXT[s.connection]} · times in UTC
          </span>
          {s.error && <span class="error" role="alert">{s.error}</span>}
        </div>
        <LiveCards state={s} />
      </header>
      <main>
        {s.loaded && !hasData && <EmptyState />}
        {!s.loaded && <p class="loading">Loading…</p>}
        {hasData && (
          <RangeControls
            range={s.minuteRange}
            onRange={pickRange}
            months={s.months}
            month={s.month}
            onMonth={pickMonth}
            monthFrom={s.monthFrom}
            monthTo={s.monthTo}
            onMonthRange={pickMonthRange}
            shownFrom={shown?.[0] ?? null}
            shownTo={shown?.[1] ?? null}
          />
        )}
        <div class={hasData ? "grid" : "grid hidden"}>
          <MinuteCharts store={store} minutes={s.minutes} />
          <TopProductsChart
            rows={s.topProducts}
            products={s.products}
            month={s.month}
            by={s.topBy}
            currency={s.config.currency}
            onBy={pickBy}
          />
          <RevenueChart
            rows={inMonths(s.revenue, from, to)}
            from={from}
            to={to}
            behavior={s.behavior}
            month={s.month}
            currency={s.config.currency}
          />
          <TurnoverHeatmap rows={inMonths(s.turnover, from, to)} />
          <AlertsFeed alerts={s.alerts} />
          <QualityPanel rows={s.quality} live={s.health?.quarantine ?? {}} />
          <RatingsPanel
            month={s.month}
            categories={s.categoryRatings}
            products={s.ratings}
            names={s.products}
          />
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
