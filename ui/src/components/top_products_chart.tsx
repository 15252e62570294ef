/**
 * Top 10 products of the chosen month, by units sold or by revenue, as horizontal bars labelled
 * with product names (the id on hover), with a value axis and its title.
 *
 * @module
 */

import type { ProductInfo } from "../console_store.ts";
import { fmtCategory, fmtInt, fmtLabel, fmtMoney } from "../format.ts";
import type { TopProductRow } from "../types.ts";
import { Panel } from "./panel.tsx";

/** Props of {@linkcode TopProductsChart}. */
export interface TopProductsProps {
  rows: TopProductRow[];
  products: Map<string, ProductInfo>;
  month: string | null;
  by: "units" | "revenue";
  currency: string;
  onBy: (by: "units" | "revenue") => void;
}

/** Round tick values from 0 to at least `max`: 0, step, 2·step, … */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The month's 10 best products, ranked by the chosen measure. */
export function TopProductsChart({ rows, products, month, by, currency, onBy }: TopProductsProps) {
  const sorted = rows.toSorted((a, b) => a.rank - b.rank);
  // Revenue is null beyond what a report holds to the cent: shown as "—", drawn as no bar.
  const value = (r: TopProductRow) => (by === "units" ? r.units : r.revenue);
  const show = (v: number | null, compact = false) =>
    by === "units" ? fmtInt(v) : fmtMoney(v, currency, compact);
  const ticks = niceTicks(Math.max(0, ...sorted.map((r) => value(r) ?? 0)));
  const top = ticks[ticks.length - 1] || 1;
  const title = by === "units" ? "units sold" : `revenue (${currency})`;
  const toggle = (
    <div class="toggle" role="group" aria-label="rank top products by">
      {(["units", "revenue"] as const).map((b) => (
        <button
          key={b}
          type="button"
          aria-pressed={by === b}
          data-by={b}
          onClick={() => onBy(b)}
        >
          {b === "units" ? "Units" : "Revenue"}
        </button>
      ))}
    </div>
  );
  return (
    <Panel
      title={`Top 10 products by ${by === "units" ? "units" : "revenue"}`}
      note={month ?? undefined}
      actions={toggle}
    >
      {sorted.length === 0 ? <p class="empty">No top products for this month.</p> : null}
      <div
        class="bars"
        role="img"
        aria-label={`Top ${sorted.length} products of ${month ?? "the month"} by ${title}: ${
          sorted.map((r) => `${nameOf(products, r.product_id)} ${show(value(r))}`).join(", ")
        }`}
        data-chart="top_products"
        data-by={by}
        data-points={sorted.length}
        data-series={sorted.length > 0 ? 1 : 0}
      >
        {sorted.map((r) => {
          const name = nameOf(products, r.product_id);
          const info = products.get(r.product_id);
          const other = by === "units" ? fmtMoney(r.revenue, currency) : `${fmtInt(r.units)} units`;
          return (
            <div
              class="bar-row"
              key={r.product_id}
              data-product={r.product_id}
              title={`#${r.rank} ${name}\nproduct id ${fmtLabel(r.product_id)}${
                info ? ` · ${fmtCategory(info.category)}` : ""
              }\n${show(value(r))} · ${other}`}
            >
              <span class="bar-rank">{r.rank}</span>
              <span class="bar-name">{name}</span>
              <span class="bar-track">
                <span class="bar-fill" style={{ width: `${(100 * (value(r) ?? 0)) / top}%` }} />
              </span>
              <span class="bar-value">{show(value(r), by === "revenue")}</span>
            </div>
          );
        })}
        {sorted.length > 0 && (
          <div class="bar-axis" aria-hidden="true">
            <span />
            <span />
            <span class="bar-ticks">
              {ticks.map((t) => (
                <span key={t} style={{ left: `${(100 * t) / top}%` }}>{show(t, true)}</span>
              ))}
            </span>
            <span />
          </div>
        )}
        {sorted.length > 0 && <div class="axis-title">{title}, {month}</div>}
      </div>
    </Panel>
  );
}

/** A product's name, or its id when the catalog does not know it. */
export function nameOf(products: Map<string, ProductInfo>, id: string): string {
  return fmtLabel(products.get(id)?.name || `product ${id}`);
}
