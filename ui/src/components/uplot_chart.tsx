/**
 * A uPlot chart created once per mount and fed new columns with `setData`.
 *
 * @module
 */

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

/** Props of {@linkcode UplotChart}. */
export interface UplotChartProps {
  /** Name for tests and styling (`data-chart`). */
  name: string;
  /** What the chart shows, for screen readers (`role="img"` with this `aria-label`). */
  label: string;
  /** Chart options without size; read once, when the chart is created. */
  options: () => Omit<uPlot.Options, "width" | "height">;
  /** Columns `[xs, ...ys]`; a new array or a new `version` triggers `setData`. */
  data: uPlot.AlignedData;
  version?: number;
  height: number;
}

/**
 * Renders a uPlot chart that follows its container's width. Never rebuilt on data changes:
 * uPlot's `setData` is the update path. `data-points` (minutes or bars) and `data-series` (y
 * columns with a value) tell tests what is drawn.
 */
export function UplotChart({ name, label, options, data, version, height }: UplotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const chart = new uPlot(
      { ...options(), width: Math.max(el.clientWidth, 100), height },
      data,
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0) chart.setSize({ width: el.clientWidth, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data, version]);

  const points = data.length > 1 ? data[0].length : 0;
  return (
    <div
      ref={host}
      class="chart"
      role="img"
      aria-label={label}
      data-chart={name}
      data-points={points}
      data-series={filledSeries(data)}
    />
  );
}

/** How many y columns hold at least one value: what tests read as "series non-empty". */
function filledSeries(data: uPlot.AlignedData): number {
  let filled = 0;
  for (let s = 1; s < data.length; s++) {
    const column = data[s] as ArrayLike<number | null | undefined>;
    for (let i = 0; i < column.length; i++) {
      if (column[i] !== null && column[i] !== undefined) {
        filled++;
        break;
      }
    }
  }
  return filled;
}
