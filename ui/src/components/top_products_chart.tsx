/**
 * Top 10 products of a month as a bar chart, with a month picker.
 *
 * @module
 */

import { useMemo, useRef } from "preact/hooks";
import uPlot from "uplot";
import { axis, COLORS, fill } from "../chart_theme.ts";
import { fmtCompact, fmtInt } from "../format.ts";
import type { TopProductRow } from "../types.ts";
import { Panel } from "./panel.tsx";
import { UplotChart } from "./uplot_chart.tsx";

/** Props of {@linkcode TopProductsChart}. */
export interface TopProductsProps {
  rows: TopProductRow[];
  months: string[];
  month: string | null;
  onMonth: (month: string) => void;
}

/** Units sold of the month's 10 most purchased products, ranked, labelled by product id. */
export function TopProductsChart({ rows, months, month, onMonth }: TopProductsProps) {
  const sorted = useMemo(() => rows.toSorted((a, b) => a.rank - b.rank), [rows]);
  // Axis and legend callbacks read the current rows through a ref: no rebuild when they change.
  const current = useRef(sorted);
  current.current = sorted;
  const data = useMemo(
    () =>
      [
        sorted.map((_, i) => i),
        sorted.map((r) => r.units),
        sorted.map((r) => r.revenue),
      ] as uPlot.AlignedData,
    [sorted],
  );
  const options = useMemo(() => () => ({
    legend: { show: true, live: true },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: {
      x: {
        time: false,
        range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - 0.6, max + 0.6],
      },
      // Bars start at zero, or their heights would lie.
      y: {
        range: (
          _u: uPlot,
          _min: number,
          max: number,
        ): uPlot.Range.MinMax => [0, Math.max(1, max * 1.08)],
      },
      revenue: { auto: true },
    },
    axes: [
      axis({
        size: 42,
        rotate: -35,
        gap: 2,
        grid: { show: false },
        splits: () => current.current.map((_, i) => i),
        values: (_u: uPlot, ticks: number[]) =>
          ticks.map((t) => current.current[t]?.product_id ?? ""),
      }),
      axis({ size: 44, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => fmtCompact(t)) }),
    ],
    series: [
      {
        label: "product",
        value: (
          _u: uPlot,
          i: number,
        ) => (i == null ? "—" : `#${i + 1} ${current.current[i]?.product_id ?? ""}`),
      },
      {
        label: "units",
        stroke: COLORS.blue,
        fill: fill(COLORS.blue, 0.75),
        paths: uPlot.paths.bars!({ size: [0.7, 48] }),
        points: { show: false },
        value: (_u: uPlot, v: number | null) => fmtInt(v),
      },
      {
        label: "revenue",
        scale: "revenue",
        show: false,
        value: (_u: uPlot, v: number | null) => fmtInt(v),
      },
    ],
  }), []);

  const picker = (
    <select
      aria-label="month"
      value={month ?? ""}
      onChange={(e) => onMonth((e.currentTarget as HTMLSelectElement).value)}
    >
      {months.toReversed().map((m) => <option key={m} value={m}>{m}</option>)}
    </select>
  );
  return (
    <Panel
      title="Top 10 products by units sold"
      note={months.length > 0 ? undefined : month ?? undefined}
      actions={months.length > 0 && picker}
    >
      {sorted.length === 0 ? <p class="empty">No top products for this month.</p> : null}
      <UplotChart name="top_products" options={options} data={data} height={200} />
    </Panel>
  );
}
