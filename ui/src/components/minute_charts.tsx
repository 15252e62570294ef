/**
 * The three per-minute charts: active users, conversion, events by type, with alert markers.
 * They show the chosen range (see `RangeControls`): a preset window ending at the newest
 * minute, sliding while live, or a fixed custom window; open minutes are shaded.
 *
 * @module
 */

import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { alertMarkers } from "../alert_markers.ts";
import { axis, COLORS, fill, utcDate } from "../chart_theme.ts";
import type { ConsoleStore } from "../console_store.ts";
import { fmtClock, fmtInt, fmtSeconds } from "../format.ts";
import { EVENT_TYPES, type MinuteSeries } from "../minute_series.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

const HEIGHT = 170;
/** One colour per event type (Okabe–Ito), in {@linkcode EVENT_TYPES} order. */
export const TYPE_COLORS = [COLORS.blue, COLORS.orange, COLORS.vermillion, COLORS.green];

/** The x range shown, unix seconds: the loaded window, sliding with the newest minute. */
export function shownRange(minutes: MinuteSeries): [number, number] | null {
  const newest = minutes.xs.at(-1);
  if (minutes.frozen && minutes.window) return [minutes.window[0], minutes.window[1] - 60];
  const end = Math.max(newest ?? -Infinity, minutes.window ? minutes.window[1] - 60 : -Infinity);
  if (!Number.isFinite(end)) return null;
  return [end - (minutes.span - 1) * 60, end];
}

function xRange(minutes: MinuteSeries): uPlot.Range.Function {
  return (_u, min, max) => shownRange(minutes) ?? [min, max];
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
        u.ctx.fillStyle = "rgba(100, 116, 139, 0.16)";
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
      axis({
        size: 22,
        label: "time (UTC)",
        values: (_u, ticks) => ticks.map(clockOrDate),
      }),
      axis({ size: 44, ...y }),
    ],
    series: [{ label: "minute", value: (_u, v) => (v == null ? "—" : fmtSeconds(v)) }, ...series],
    plugins: [openMinutesBand(minutes), alertMarkers(() => store.state.alerts.values())],
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

/** `a – b` of the shown range, for captions and screen readers. */
export function rangeText(minutes: MinuteSeries): string {
  const range = shownRange(minutes);
  if (range === null) return "no minutes yet";
  return `${fmtSeconds(range[0])} – ${fmtClock(range[1])}`;
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
      label: "users / min",
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
      { label: "% of sessions", values: (_u, ticks) => ticks.map((t) => `${t}%`) },
      { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    ),
    counts: minuteOptions(
      store,
      EVENT_TYPES.map((type, i) => ({
        label: type.replaceAll("_", " "),
        stroke: TYPE_COLORS[i],
        width: 1.5,
        dash: i === 2 ? [4, 3] : undefined,
      })),
      {
        label: "events / min (log)",
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

  const shown = rangeText(minutes);
  const open = minutes.partial.size > 0 ? " · shaded: minute still open" : "";
  return (
    <>
      <Panel title="Active users per minute" note={`${shown}${open}`}>
        <UplotChart
          name="active_users"
          label={`Active users per minute, ${shown}`}
          options={options.active}
          data={active}
          height={HEIGHT}
        />
      </Panel>
      <Panel title="Conversion rate per minute" note="sessions with a purchase ÷ sessions">
        <UplotChart
          name="conversion"
          label={`Conversion rate per minute in percent, ${shown}`}
          options={options.conversion}
          data={conversion}
          height={HEIGHT}
        />
      </Panel>
      <Panel title="Events per minute by type" note="log scale · ▼ alerts">
        <UplotChart
          name="event_counts"
          label={`Events per minute by type, log scale, ${shown}`}
          options={options.counts}
          data={counts}
          height={HEIGHT - 22}
        />
      </Panel>
    </>
  );
}
