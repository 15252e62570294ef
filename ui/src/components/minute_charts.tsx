/**
 * The three per-minute charts: active users, conversion, events by type, with alert markers.
 *
 * @module
 */

import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { alertMarkers } from "../alert_markers.ts";
import { axis, COLORS, fill, utcDate } from "../chart_theme.ts";
import type { ConsoleStore } from "../console_store.ts";
import { fmtClock, fmtInt } from "../format.ts";
import { EVENT_TYPES, type MinuteSeries } from "../minute_series.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

const HEIGHT = 150;
const TYPE_COLORS = [COLORS.slate, COLORS.amber, COLORS.red, COLORS.green];

function minuteOptions(
  store: ConsoleStore,
  series: uPlot.Series[],
  y: Partial<uPlot.Axis>,
  scale: uPlot.Scale = {},
  legend = false,
): () => Omit<uPlot.Options, "width" | "height"> {
  return () => ({
    tzDate: utcDate,
    legend: { show: legend, live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: true }, y: scale },
    axes: [
      axis({ size: 24, values: (_u, ticks) => ticks.map(clockOrDate) }),
      axis({ size: 44, ...y }),
    ],
    series: [{}, ...series],
    plugins: [alertMarkers(() => store.state.alerts.values())],
  });
}

/** `HH:MM`, or `MM-DD` at midnight so day changes show. */
function clockOrDate(seconds: number): string {
  const clock = fmtClock(seconds);
  return clock === "00:00" ? new Date(seconds * 1000).toISOString().slice(5, 10) : clock;
}

/** Only powers of ten get a tick, grid line and label on the log axis. */
function powersOfTen(_u: uPlot, splits: number[]): (number | null)[] {
  return splits.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
}

/** Nulls instead of zeros: the events chart is logarithmic. */
function positive(column: (number | null)[]): (number | null)[] {
  return column.map((v) => (v === null || v <= 0 ? null : v));
}

/** Per-minute charts fed from the store's {@linkcode MinuteSeries}. */
export function MinuteCharts({ store, minutes }: { store: ConsoleStore; minutes: MinuteSeries }) {
  // Alerts are drawn by a plugin on redraw, so a new alert also needs a setData.
  const v = [minutes.version, store.state.alertsVersion];
  const active = useMemo(() => [minutes.xs, minutes.activeUsers] as uPlot.AlignedData, v);
  const conversion = useMemo(() => [minutes.xs, minutes.conversion] as uPlot.AlignedData, v);
  const counts = useMemo(
    () => [minutes.xs, ...minutes.counts.map(positive)] as uPlot.AlignedData,
    v,
  );
  const options = useMemo(() => ({
    active: minuteOptions(store, [{
      label: "active users",
      stroke: COLORS.blue,
      fill: fill(COLORS.blue),
      width: 1.5,
    }], {
      values: (_u, ticks) => ticks.map((t) => fmtInt(t)),
    }),
    conversion: minuteOptions(
      store,
      [{
        label: "conversion",
        stroke: COLORS.green,
        width: 1.5,
        value: (_u, v) => (v == null ? "—" : `${v.toFixed(2)}%`),
      }],
      { values: (_u, ticks) => ticks.map((t) => `${t}%`) },
      { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    ),
    counts: minuteOptions(
      store,
      EVENT_TYPES.map((type, i) => ({
        label: type.replaceAll("_", " "),
        stroke: TYPE_COLORS[i],
        width: 1.25,
      })),
      {
        filter: powersOfTen,
        grid: { stroke: "#e5e7eb", width: 1, filter: powersOfTen },
        ticks: { stroke: "#e5e7eb", width: 1, size: 4, filter: powersOfTen },
        values: (_u, ticks) =>
          ticks.map((t) => (t == null ? "" : t >= 1000 ? `${t / 1000}k` : String(t))),
      },
      { distr: 3, log: 10 },
      true,
    ),
  }), []);

  const latest = minutes.xs.at(-1);
  const caption = latest === undefined
    ? "no minutes yet"
    : `UTC, last ${Math.round((latest - minutes.xs[0]) / 3600)} h`;
  return (
    <>
      <Panel title="Active users per minute" note={caption}>
        <UplotChart name="active_users" options={options.active} data={active} height={HEIGHT} />
      </Panel>
      <Panel title="Conversion rate per minute" note="converted sessions / sessions">
        <UplotChart
          name="conversion"
          options={options.conversion}
          data={conversion}
          height={HEIGHT}
        />
      </Panel>
      <Panel title="Events per minute by type" note="log scale · ▼ alerts">
        <UplotChart
          name="event_counts"
          options={options.counts}
          data={counts}
          height={HEIGHT - 22}
        />
      </Panel>
    </>
  );
}
