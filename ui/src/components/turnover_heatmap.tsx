/**
 * Inventory turnover heatmap, category × month, drawn on a canvas, with a colour legend.
 *
 * @module
 */

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { colorAt, darkAt } from "../color_scale.ts";
import { fmtCategory, fmtRatio } from "../format.ts";
import type { TurnoverRow } from "../types.ts";
import { Panel } from "./panel.tsx";

/** Widest the category column may get, as a share of the canvas. */
const LABEL_SHARE = 0.38;
const HEAD_H = 18;
const ROW_H = 22;
const FONT = "11px system-ui, sans-serif";

interface Grid {
  categories: string[];
  months: string[];
  cells: Map<string, TurnoverRow>;
  min: number;
  max: number;
}

function toGrid(rows: TurnoverRow[]): Grid {
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const cells = new Map<string, TurnoverRow>();
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    cells.set(`${row.category}|${row.month}`, row);
    if (row.turnover !== null && Number.isFinite(row.turnover)) {
      min = Math.min(min, row.turnover);
      max = Math.max(max, row.turnover);
    }
  }
  return {
    categories,
    months,
    cells,
    min: min === Infinity ? 0 : min,
    max: max === -Infinity ? 1 : max,
  };
}

const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** `2024-10` → `Oct 24`: unambiguous where `YYYY-MM` does not fit. */
function shortMonth(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
}

/** `text`, cut with an ellipsis to fit `max` px in the context's font. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  // No glyph is narrower than a pixel: longer text cannot fit, and is never measured whole (one
  // 100,000-character category, shortened a character at a time, froze the page for minutes).
  const longest = Math.max(1, Math.ceil(max));
  if (text.length <= longest && ctx.measureText(text).width <= max) return text;
  // The longest prefix that fits with its ellipsis, by halving: a few measurements, not one per
  // character.
  let lo = 0;
  let hi = Math.min(text.length, longest);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(text.slice(0, mid) + "…").width <= max) lo = mid;
    else hi = mid - 1;
  }
  // Never end on half of a surrogate pair.
  const n = lo > 0 && /[\uD800-\uDBFF]/.test(text[lo - 1]) ? lo - 1 : lo;
  return text.slice(0, n) + "…";
}

/** Width of the category column: the longest label, at most {@linkcode LABEL_SHARE}. */
function labelWidth(ctx: CanvasRenderingContext2D, grid: Grid, width: number): number {
  ctx.font = FONT;
  let widest = 0;
  for (const c of grid.categories) {
    // Wider than the share is cut anyway: a label's first characters are enough to know.
    widest = Math.max(widest, ctx.measureText(fmtCategory(c).slice(0, width)).width);
  }
  return Math.min(Math.ceil(widest) + 10, Math.floor(width * LABEL_SHARE));
}

function draw(canvas: HTMLCanvasElement, grid: Grid, width: number): number {
  const height = HEAD_H + grid.categories.length * ROW_H;
  const dpr = devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(dpr, dpr);
  const left = labelWidth(ctx, grid, width);
  ctx.font = FONT;
  ctx.textBaseline = "middle";
  const cellW = (width - left) / Math.max(1, grid.months.length);
  const every = Math.ceil(44 / cellW);
  ctx.fillStyle = "#475569";
  ctx.textAlign = "center";
  grid.months.forEach((m, j) => {
    if (j % every === 0) {
      const label = every > 1 ? shortMonth(m) : m;
      // Centred on its column, but kept inside the canvas at the right edge.
      const half = ctx.measureText(label).width / 2;
      ctx.fillText(label, Math.min(left + (j + 0.5) * cellW, width - half), HEAD_H / 2);
    }
  });
  const span = grid.max - grid.min || 1;
  grid.categories.forEach((category, i) => {
    const y = HEAD_H + i * ROW_H;
    ctx.textAlign = "right";
    ctx.fillStyle = "#1e293b";
    ctx.fillText(fit(ctx, fmtCategory(category), left - 8), left - 6, y + ROW_H / 2);
    ctx.textAlign = "center";
    grid.months.forEach((month, j) => {
      const x = left + j * cellW;
      const turnover = grid.cells.get(`${category}|${month}`)?.turnover ?? null;
      const t = turnover === null ? 0 : (turnover - grid.min) / span;
      ctx.fillStyle = turnover === null ? "#e2e8f0" : colorAt(t);
      ctx.fillRect(x + 1, y + 1, cellW - 2, ROW_H - 2);
      if (cellW >= 34) {
        ctx.fillStyle = turnover === null ? "#94a3b8" : darkAt(t) ? "#fff" : "#0f172a";
        ctx.fillText(
          turnover === null ? "–" : fmtRatio(turnover),
          x + cellW / 2,
          y + ROW_H / 2 + 0.5,
        );
      }
    });
  });
  return left;
}

/** Units sold ÷ average stock per category and month; grey cells have no stock to divide by. */
export function TurnoverHeatmap({ rows }: { rows: TurnoverRow[] }) {
  const grid = useMemo(() => toGrid(rows), [rows]);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const legend = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<string | null>(null);
  const labelW = useRef(96);

  useEffect(() => {
    const observer = new ResizeObserver(() => setWidth(wrap.current!.clientWidth));
    observer.observe(wrap.current!);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (width > 0 && canvas.current) labelW.current = draw(canvas.current, grid, width);
  }, [grid, width]);

  useEffect(() => {
    const el = legend.current;
    if (!el) return;
    const ctx = el.getContext("2d")!;
    for (let x = 0; x < el.width; x++) {
      ctx.fillStyle = colorAt(x / (el.width - 1));
      ctx.fillRect(x, 0, 1, el.height);
    }
  }, [legend.current]);

  const onMove = (e: MouseEvent) => {
    const rect = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const left = labelW.current;
    const j = Math.floor(
      (e.clientX - rect.left - left) / ((rect.width - left) / grid.months.length),
    );
    const i = Math.floor((e.clientY - rect.top - HEAD_H) / ROW_H);
    const row = grid.cells.get(`${grid.categories[i]}|${grid.months[j]}`);
    setHover(
      row
        ? `${fmtCategory(row.category)} · ${row.month}: turnover ${fmtRatio(row.turnover, 3)}× ` +
          `(${row.units_sold} units sold ÷ ${row.avg_stock} average units in stock)`
        : null,
    );
  };

  return (
    <Panel title="Inventory turnover per month" note="units sold ÷ average units in stock">
      {rows.length === 0 ? <p class="empty">No inventory report yet.</p> : null}
      <div ref={wrap} class="heatmap">
        <canvas
          ref={canvas}
          data-chart="inventory_turnover"
          data-points={grid.cells.size}
          role="img"
          aria-label={`Inventory turnover per month (units sold divided by average stock) for ${grid.categories.length} categories, ${
            grid.months[0] ?? ""
          } to ${grid.months.at(-1) ?? ""}; from ${fmtRatio(grid.min)}× to ${fmtRatio(grid.max)}×`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
      </div>
      <div class="legend-row">
        <span>turnover {fmtRatio(grid.min)}×</span>
        <canvas ref={legend} class="ramp" width={160} height={10} aria-hidden="true" />
        <span>{fmtRatio(grid.max)}×</span>
        <span class="swatch-na" /> <span>no stock</span>
        <span class="hover">{hover ?? ""}</span>
      </div>
    </Panel>
  );
}
