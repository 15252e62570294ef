/**
 * Monthly revenue: gross, returns + refunds, net, over the chosen month range (months without
 * data are gaps); with the chosen month's purchase funnel below.
 *
 * @module
 */

import { useMemo, useRef } from "preact/hooks";
import type uPlot from "uplot";
import { axis, COLORS, fill } from "../chart_theme.ts";
import {
  fmtInt,
  fmtMoney,
  fmtPercent,
  monthsBetween,
  monthToSeconds,
  secondsToMonth,
} from "../format.ts";
import type { BehaviorRow, RevenueRow } from "../types.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

/** Props of {@linkcode RevenueChart}. */
export interface RevenueChartProps {
  /** Rows of the chosen month range. */
  rows: RevenueRow[];
  /** First and last month of the range (gaps are months in between without a row). */
  from: string | null;
  to: string | null;
  behavior: BehaviorRow[];
  /** The month whose funnel is shown. */
  month: string | null;
  currency: string;
}

/** Least width of one month label on the x axis, CSS px. */
const LABEL_PX = 52;

/** Revenue lines by month and the chosen month's purchase behaviour. */
export function RevenueChart({ rows, from, to, behavior, month, currency }: RevenueChartProps) {
  const cur = useRef(currency);
  cur.current = currency;
  const data = useMemo(() => {
    const first = from ?? rows[0]?.month;
    const last = to ?? rows.at(-1)?.month;
    const months = first && last ? monthsBetween(first, last) : [];
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    // An amount beyond what a report holds to the cent is null: a gap in its line.
    const pick = (f: (r: RevenueRow) => number | null) =>
      months.map((m) => {
        const r = byMonth.get(m);
        return r === undefined ? null : f(r);
      });
    return [
      months.map(monthToSeconds),
      pick((r) => r.gross),
      pick((r) => r.returns === null || r.refunds === null ? null : r.returns + r.refunds),
      pick((r) => r.net),
    ] as uPlot.AlignedData;
  }, [rows, from, to]);
  const options = useMemo(() => () => {
    const money = (_u: uPlot, v: number | null) => fmtMoney(v, cur.current);
    const line = (label: string, stroke: string, area = false, dash?: number[]): uPlot.Series => ({
      label,
      stroke,
      width: 2,
      dash,
      fill: area ? fill(stroke, 0.08) : undefined,
      points: { show: true, size: 5 },
      spanGaps: false,
      value: money,
    });
    return {
      legend: { show: true, live: true },
      scales: {
        x: { time: false },
        y: {
          range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max * 1.08 || 1],
        },
      },
      axes: [
        axis({
          size: 22,
          label: "month (UTC)",
          splits: (u: uPlot) => {
            const xs = u.data[0] as number[];
            // As many labels as fit: every k-th month so labels never run together.
            const step = Math.max(1, Math.ceil((xs.length * LABEL_PX) / Math.max(1, plotWidth(u))));
            return xs.filter((_, i) => i % step === 0);
          },
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => secondsToMonth(t)),
        }),
        axis({
          size: 54,
          label: `revenue (${cur.current})`,
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => fmtMoney(t, cur.current, true)),
        }),
      ],
      series: [
        {
          label: "month",
          value: (_u: uPlot, v: number | null) => (v == null ? "—" : secondsToMonth(v)),
        },
        line("gross", COLORS.blue, true),
        line("returns + refunds", COLORS.vermillion, false, [5, 3]),
        line("net", COLORS.green),
      ],
    };
  }, []);
  const funnel = behavior.find((b) => b.month === month) ?? null;
  const first = secondsToMonthOrNull((data[0] as number[])[0]);
  const last = secondsToMonthOrNull((data[0] as number[]).at(-1));
  return (
    <Panel
      title="Monthly revenue"
      note={first ? `${first} – ${last} · ${currency}` : undefined}
    >
      {rows.length === 0 ? <p class="empty">No revenue in this month range.</p> : null}
      <UplotChart
        key={currency}
        name="monthly_revenue"
        label={`Monthly revenue in ${currency}, gross, returns and refunds, net, ${first} to ${last}`}
        options={options}
        data={data}
        height={190}
      />
      <p class="funnel-title">Purchase funnel, {month ?? "—"}</p>
      <dl class="funnel" data-month={funnel?.month ?? month ?? ""}>
        <div>
          <dt>view→cart</dt>
          <dd>{fmtPercent(funnel?.view_to_cart_rate)}</dd>
        </div>
        <div>
          <dt>cart→buy</dt>
          <dd>{fmtPercent(funnel?.cart_to_purchase_rate)}</dd>
        </div>
        <div>
          <dt>views per buy</dt>
          <dd>{funnel?.avg_views_before_purchase?.toFixed(1) ?? "—"}</dd>
        </div>
        <div>
          <dt>median to buy</dt>
          <dd>
            {funnel?.median_minutes_first_view_to_purchase == null
              ? "—"
              : `${fmtInt(funnel.median_minutes_first_view_to_purchase)} min`}
          </dd>
        </div>
      </dl>
    </Panel>
  );
}

function secondsToMonthOrNull(seconds: number | undefined): string | null {
  return seconds === undefined ? null : secondsToMonth(seconds);
}

/** The plot area's width in CSS px. */
function plotWidth(u: uPlot): number {
  return u.bbox.width / (devicePixelRatio || 1);
}
