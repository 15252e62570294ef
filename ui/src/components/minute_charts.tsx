/**
 * The three per-minute charts: active users, conversion, events by type, with alert markers.
 * Live, they show a fixed window of the latest `LIVE_MINUTES` (two hours), open minutes
 * shaded; over replayed history, the day loaded (at least half an hour wide).
 *
 * @module
 */

import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { alertMarkers } from "../alert_markers.ts";
import { axis, COLORS, fill, utcDate } from "../chart_theme.ts";
import type { ConsoleStore } from "../console_store.ts";
import { fmtClock, fmtInt, fmtMinute } from "../format.ts";
import { EVENT_TYPES, type MinuteSeries } from "../minute_series.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

const HEIGHT = 150;
const TYPE_COLORS = [COLORS.slate, COLORS.amber, COLORS.red, COLORS.green];
/** Narrowest x range over history, s: a single minute must not stretch the axis over years. */
const MIN_SPAN_S = 30 * 60;

/**
 * The x range: the minutes kept, at most the series' span ending at the newest minute (live: a
 * window that fills up, then slides), and at least {@linkcode MIN_SPAN_S} wide.
 */
function xRange(minutes: MinuteSeries): uPlot.Range.Function {
  return (_u, min, max) => {
    const first = shownFrom(minutes);
    const newest = minutes.xs.at(-1);
    if (first === null || newest === undefined || min == null || max == null) return [min, max];
    return [first, newest];
  };
}

/** Start of the x range (unix seconds), or null without data; see {@linkcode xRange}. */
function shownFrom(minutes: MinuteSeries): number | null {
  const newest = minutes.xs.at(-1);
  if (newest === undefined) return null;
  const first = Math.max(minutes.xs[0], newest - (minutes.span - 1) * 60);
  return Math.min(first, newest - MIN_SPAN_S);
}

/** A uPlot plugin shading the open minutes (values so far) at the right of the chart. */
function openMinutesBand(minutes: MinuteSeries): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const first = minutes.firstPartial();
        if (first === null) return;
        const { left, top, width, height } = u.bbox;
        const x = Math.max(left, Math.round(u.valToPos(first - 30, "x", true)));
        u.ctx.save();
        u.ctx.fillStyle = "rgba(148, 163, 184, 0.16)";
        u.ctx.fillRect(x, top, left + width - x, height);
        u.ctx.restore();
      },
    },
  };
}
function minuteOptions(
  store: ConsoleStore,
  series: uPlot.Series[],
  y: Partial<uPlot.Axis>,
  scale: uPlot.Scale = {},
  legend = false,
): () => Omit<uPlot.Options, "width" | "height"> {
  const minutes = store.state.minutes;
  return () => ({
    tzDate: utcDate,
    legend: { show: legend, live: true },
    cursor: { points: { size: 6 } },
    scales: { x: { time: true, range: xRange(minutes) }, y: scale },
    axes: [
      axis({ size: 24, values: (_u, ticks) => ticks.map(clockOrDate) }),
      axis({ size: 44, ...y }),
    ],
    series: [{}, ...series],
    plugins: [openMinutesBand(minutes), alertMarkers(() => store.state.alerts.values())],
  });
}

/** `90` → `2 min`, `7200` → `2 h`. */
function duration(seconds: number): string {
  return seconds < 2 * 3600 && seconds % 3600 !== 0
    ? `${Math.round(seconds / 60)} min`
    : `${Math.round(seconds / 3600)} h`;
}

function toIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
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
    }, { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] }),
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
  const from = shownFrom(minutes);
  const shown = latest === undefined || from === null ? 0 : latest - from + 60;
  const caption = latest === undefined
    ? "no minutes yet"
    : minutes.live
    ? `UTC, last ${duration(shown)}${minutes.partial.size > 0 ? " · grey: still open" : ""}`
    : `UTC · history, ${duration(shown)} to ${fmtMinute(toIso(latest))}`;
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
