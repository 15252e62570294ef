/**
 * Monthly review ratings, per product and per category.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";
import { roundRatio } from "./money.ts";
import { firstOpenMonth, monthIndexKey, monthlyReport, OpenMonths } from "./month_window.ts";
import { ProductCatalog } from "./product_catalog.ts";

/** The product id under which reviews without a product are counted. */
export const UNKNOWN_PRODUCT = "unknown";

/** Ratings of one product in one month. */
export interface ProductRatingRow {
  /** `YYYY-MM` (UTC) of the reviews' `created_at`. */
  month: string;
  /** The reviewed product, or {@linkcode UNKNOWN_PRODUCT} for reviews without one. */
  product_id: string;
  reviews: number;
  /** Mean rating, 3 decimals. */
  avg_rating: number;
}

/** Ratings of one category in one month. */
export interface CategoryRatingRow {
  month: string;
  /** Category from inventory as of the month's end; `unknown` when never seen or no product. */
  category: string;
  reviews: number;
  /** Mean rating, 3 decimals. */
  avg_rating: number;
}

/** Review count and rating sum of one group (a product or a category) in one month. */
export interface RatingTotals {
  reviews: number;
  /** Σ ratings (integers 1..5, so the sum is exact in any order). */
  sum: number;
}

/**
 * Counts one rating into the totals of `key`, created on first use.
 *
 * @param groups Totals by product id or category.
 * @param key The group.
 * @param rating The review's rating.
 */
export function addRating(groups: Map<string, RatingTotals>, key: string, rating: number): void {
  const totals = groups.get(key);
  if (totals === undefined) groups.set(key, { reviews: 1, sum: rating });
  else {
    totals.reviews++;
    totals.sum += rating;
  }
}

function ratingRows<R>(
  index: number,
  groups: Map<string, RatingTotals>,
  row: (month: string, key: string, reviews: number, avg: number) => R,
  rows: R[],
): void {
  const month = monthIndexKey(index);
  for (const key of [...groups.keys()].sort()) {
    const totals = groups.get(key) as RatingTotals;
    rows.push(row(month, key, totals.reviews, roundRatio(totals.sum, totals.reviews, 3) as number));
  }
}

const toProductRow = (month: string, product_id: string, reviews: number, avg_rating: number) => ({
  month,
  product_id,
  reviews,
  avg_rating,
});

const toCategoryRow = (month: string, category: string, reviews: number, avg_rating: number) => ({
  month,
  category,
  reviews,
  avg_rating,
});

/**
 * Finishes one month of {@linkcode ratings}: one row per product, sorted by product id.
 *
 * @param index The month index.
 * @param products Totals by product id ({@linkcode UNKNOWN_PRODUCT} for reviews without one).
 * @param rows Receives the rows.
 */
export function productRatingRows(
  index: number,
  products: Map<string, RatingTotals>,
  rows: ProductRatingRow[],
): void {
  ratingRows(index, products, toProductRow, rows);
}

/**
 * Finishes one month of {@linkcode ratingsByCategory}: sums the products' totals by category
 * (reviews without a product under `unknown`) and appends one row per category, sorted.
 *
 * @param index The month index.
 * @param products Totals by product id ({@linkcode UNKNOWN_PRODUCT} for reviews without one).
 * @param catalog Tells a product's category as of the month end.
 * @param rows Receives the rows.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const products = new Map([["P1", { reviews: 2, sum: 9 }], ["P2", { reviews: 1, sum: 2 }]]);
 * const rows: CategoryRatingRow[] = [];
 * categoryRatingRows(2024 * 12, products, { category: () => "books" }, rows);
 * assert.deepEqual(rows, [{ month: "2024-01", category: "books", reviews: 3, avg_rating: 3.667 }]);
 * ```
 */
export function categoryRatingRows(
  index: number,
  products: Map<string, RatingTotals>,
  catalog: { category(productId: string): string },
  rows: CategoryRatingRow[],
): void {
  const categories = new Map<string, RatingTotals>();
  for (const [productId, totals] of products) {
    const category = productId === UNKNOWN_PRODUCT ? "unknown" : catalog.category(productId);
    const group = categories.get(category);
    if (group === undefined) categories.set(category, { ...totals });
    else {
      group.reviews += totals.reviews;
      group.sum += totals.sum;
    }
  }
  ratingRows(index, categories, toCategoryRow, rows);
}

/** Folds a reviews batch into per-product totals of the open months. */
function addReviews(batch: AnyBatch, months: OpenMonths<Map<string, RatingTotals>>): void {
  if (batch.table !== "reviews") return;
  const reviews = batch.records;
  for (let i = 0; i < reviews.length; i++) {
    const review = reviews[i];
    const products = months.at(review.eventTime);
    if (products !== undefined) {
      addRating(products, review.productId ?? UNKNOWN_PRODUCT, review.rating);
    }
  }
}

/**
 * Per month of `created_at` and product: review count and mean rating, from `reviews` batches.
 * Reviews without a product id are counted under product id {@linkcode UNKNOWN_PRODUCT}, so
 * every review is in exactly one row. Months close on the reviews watermark.
 *
 * @returns An operator from batches to arrays of {@linkcode ProductRatingRow}, by month then
 * product id.
 */
export function ratings(): OperatorFunction<AnyBatch, ProductRatingRow[]> {
  return monthlyReport(() => {
    const months = new OpenMonths(() => new Map<string, RatingTotals>());
    return {
      tables: ["reviews"],
      add(batch: AnyBatch): void {
        addReviews(batch, months);
      },
      close(watermark: number): ProductRatingRow[] {
        const rows: ProductRatingRow[] = [];
        for (const [index, products] of months.close(watermark)) {
          productRatingRows(index, products, rows);
        }
        return rows;
      },
    };
  });
}

/**
 * Per month of `created_at` and category: review count and mean rating, consuming `reviews`
 * and `inventory` batches. A product's category is that of its latest inventory update before
 * the month's end; products never seen in inventory, and reviews without a product, count under
 * `unknown`. Months close on the MIN of the two tables' watermarks seen so far.
 *
 * @returns An operator from batches to arrays of {@linkcode CategoryRatingRow}, by month then
 * category.
 */
export function ratingsByCategory(): OperatorFunction<AnyBatch, CategoryRatingRow[]> {
  return monthlyReport(() => {
    const months = new OpenMonths(() => new Map<string, RatingTotals>());
    const catalog = new ProductCatalog();
    return {
      tables: ["reviews", "inventory"],
      add(batch: AnyBatch): void {
        if (batch.table === "inventory") catalog.add(batch.records);
        else addReviews(batch, months);
      },
      close(watermark: number): CategoryRatingRow[] {
        const rows: CategoryRatingRow[] = [];
        for (const [index, products] of months.close(watermark)) {
          catalog.advance(index);
          categoryRatingRows(index, products, catalog, rows);
        }
        catalog.advance(firstOpenMonth(watermark) - 1);
        return rows;
      },
    };
  });
}
