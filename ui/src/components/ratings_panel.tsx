/**
 * Ratings: average rating by category and the best-rated products of the month.
 *
 * @module
 */

import type { ProductInfo } from "../console_store.ts";
import { fmtCategory, fmtInt, fmtLabel } from "../format.ts";
import type { CategoryRatingRow, RatingRow } from "../types.ts";
import { Panel } from "./panel.tsx";
import { nameOf } from "./top_products_chart.tsx";

/** Props of {@linkcode RatingsPanel}. */
export interface RatingsPanelProps {
  month: string | null;
  categories: CategoryRatingRow[];
  products: RatingRow[];
  names: Map<string, ProductInfo>;
}

/** Average rating per category as bars out of 5, and the top-rated products. */
export function RatingsPanel({ month, categories, products, names }: RatingsPanelProps) {
  const byRating = categories.toSorted((a, b) => b.avg_rating - a.avg_rating);
  // A single 5-star review is luck: rank products with at least 3 reviews when there are any.
  const least = products.some((p) => p.reviews >= 3) ? 3 : 1;
  const best = products.filter((p) => p.reviews >= least).toSorted((a, b) =>
    b.avg_rating - a.avg_rating || b.reviews - a.reviews
  );
  return (
    <Panel title="Ratings" note={month ? `${month} · average of 5 stars · reviews` : undefined}>
      {byRating.length === 0 && best.length === 0
        ? <p class="empty">No reviews for this month.</p>
        : null}
      <table class="ratings">
        <tbody>
          {byRating.map((c) => (
            <tr key={c.category}>
              <th title={fmtCategory(c.category)}>{fmtCategory(c.category)}</th>
              <td class="meter">
                <meter
                  min={0}
                  max={5}
                  low={3}
                  high={4}
                  optimum={5}
                  value={c.avg_rating}
                  aria-label={`${fmtCategory(c.category)}: ${c.avg_rating.toFixed(2)} of 5`}
                />
              </td>
              <td class="num">{c.avg_rating.toFixed(2)}★</td>
              <td class="num muted">{fmtInt(c.reviews)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {best.length > 0 && (
        <p class="best">
          Best rated{least > 1 ? " (3+ reviews)" : ""}:{" "}
          {best.slice(0, 3).map((p, i) => (
            <span key={p.product_id}>
              {i > 0 && ", "}
              <span class="product-name" title={`product id ${fmtLabel(p.product_id)}`}>
                {nameOf(names, p.product_id)}
              </span>{" "}
              {p.avg_rating.toFixed(1)}★ ({p.reviews} reviews)
            </span>
          ))}
        </p>
      )}
    </Panel>
  );
}
