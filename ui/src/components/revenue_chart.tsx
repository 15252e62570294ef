/**
 * Monthly revenue: gross, returns + refunds, net; with the month's purchase funnel below.
 *
 * @module
 */

import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { axis, COLORS, fill } from "../chart_theme.ts";
import { fmtCompact, fmtInt, fmtPercent, monthToSeconds, secondsToMonth } from "../format.ts";
import type { BehaviorRow, RevenueRow } from "../types.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

/** Revenue lines by month and the latest month's purchase behaviour. */
export function RevenueChart({ rows, behavior }: { rows: RevenueRow[]; behavior: BehaviorRow[] }) {
  const data = useMemo(() =>
    [
      rows.map((r) => monthToSeconds(r.month)),
      rows.map((r) => r.gross),
      rows.map((r) => r.returns + r.refunds),
      rows.map((r) => r.net),
    ] as uPlot.AlignedData, [rows]);
  const options = useMemo(() => () => {
    const money = (_u: uPlot, v: number | null) => fmtInt(v);
    const line = (label: string, stroke: string, area = false): uPlot.Series => ({
      label,
      stroke,
      width: 2,
      fill: area ? fill(stroke, 0.08) : undefined,
      points: { show: true, size: 5 },
      value: money,
    });
    return {
      legend: { show: true, live: true },
      scales: {
        x: { time: false },
        y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max * 1.08] },
      },
      axes: [
        axis({
          size: 28,
          splits: (u: uPlot) => (u.data[0] as number[]).slice(),
          values: (_u: uPlot, ticks: number[]) =>
            ticks.map((t, i) => (ticks.length > 8 && i % 2 ? "" : secondsToMonth(t))),
        }),
        axis({ size: 48, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => fmtCompact(t)) }),
      ],
      series: [
        {
          label: "month",
          value: (_u: uPlot, v: number | null) => (v == null ? "—" : secondsToMonth(v)),
        },
        line("gross", COLORS.blue, true),
        line("returns + refunds", COLORS.red),
        line("net", COLORS.green),
      ],
    };
  }, []);
  const last = behavior.at(-1);
  return (
    <Panel
      title="Monthly revenue"
      note={rows.length ? `${rows[0].month} – ${rows.at(-1)!.month}` : undefined}
    >
      {rows.length === 0 ? <p class="empty">No revenue report yet.</p> : null}
      <UplotChart name="monthly_revenue" options={options} data={data} height={170} />
      {last && (
        <dl class="funnel" data-month={last.month}>
          <div>
            <dt>view→cart</dt>
            <dd>{fmtPercent(last.view_to_cart_rate)}</dd>
          </div>
          <div>
            <dt>cart→buy</dt>
            <dd>{fmtPercent(last.cart_to_purchase_rate)}</dd>
          </div>
          <div>
            <dt>views per buy</dt>
            <dd>{last.avg_views_before_purchase?.toFixed(1) ?? "—"}</dd>
          </div>
          <div>
            <dt>median to buy</dt>
            <dd>
              {last.median_minutes_first_view_to_purchase == null
                ? "—"
                : `${fmtInt(last.median_minutes_first_view_to_purchase)} min`}
            </dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
