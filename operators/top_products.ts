/**
 * Monthly top products by purchased units or by revenue, and the last complete month of a data
 * set.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";
import { MicrosSum, microsToMoney } from "./money.ts";
import { monthIndex, monthIndexKey, monthlyReport, OpenMonths } from "./month_window.ts";

/** One ranked product of one month. */
export interface TopProductRow {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** 1 for the product with most units (or, ranked by revenue, most revenue). */
  rank: number;
  product_id: string;
  /** Σ quantity of the product's purchase lines in the month. */
  units: number;
  /** Σ quantity × unit price of those lines, exact to the cent (null beyond `MAX_MONEY`). */
  revenue: number | null;
}

interface ProductTotals {
  productId: string;
  units: number;
  revenue: MicrosSum;
}

/** One product's exact purchase totals in one month: what {@linkcode rankTopProducts} ranks. */
export interface ProductTotal {
  productId: string;
  /** Σ quantity of purchase lines. */
  units: number;
  /** Σ quantity × unit price of those lines, micros. */
  revenueMicros: bigint;
}

/** Most units first; ties by product id ascending (code-unit order, not locale). */
function byUnitsThenId(a: ProductTotal, b: ProductTotal): number {
  if (a.units !== b.units) return b.units - a.units;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/** Most revenue first (exact micros); ties by units, then product id. */
function byRevenueThenUnits(a: ProductTotal, b: ProductTotal): number {
  const ra = a.revenueMicros;
  const rb = b.revenueMicros;
  if (ra !== rb) return rb > ra ? 1 : -1;
  return byUnitsThenId(a, b);
}

/** What {@linkcode topProducts} ranks by. */
export type TopProductsBy = "units" | "revenue";

/**
 * Checks the `n` of {@linkcode topProducts}.
 *
 * @throws RangeError unless `n` is an integer ≥ 1.
 */
export function checkTopN(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`topProducts(n): n must be an integer >= 1, got ${n}`);
  }
}

/**
 * The rows of one month: the `n` first of `totals` (not modified) by units, or by revenue, ties
 * broken by units then product id ascending; revenue rounded to cents only here. Shared by
 * {@linkcode topProducts} and the live partial state (`operators/partials/sales_partial.ts`).
 *
 * @param month `YYYY-MM`.
 * @param totals Every product purchased in the month, once each.
 * @param n How many rows at most.
 * @param by `units` or `revenue`.
 * @returns Up to `n` {@linkcode TopProductRow}s, by rank.
 * @example
 * ```ts
 * const rows = rankTopProducts("2019-10", [
 *   { productId: "b", units: 2, revenueMicros: 5_000_000n },
 *   { productId: "a", units: 2, revenueMicros: 1_000_000n },
 * ], 1, "units");
 * rows[0].product_id; // "a" (same units: the smaller id)
 * ```
 */
export function rankTopProducts(
  month: string,
  totals: readonly ProductTotal[],
  n: number,
  by: TopProductsBy,
): TopProductRow[] {
  const ranked = totals.slice().sort(by === "revenue" ? byRevenueThenUnits : byUnitsThenId);
  const count = Math.min(n, ranked.length);
  const rows: TopProductRow[] = [];
  for (let i = 0; i < count; i++) {
    const total = ranked[i];
    rows.push({
      month,
      rank: i + 1,
      product_id: total.productId,
      units: total.units,
      revenue: microsToMoney(total.revenueMicros),
    });
  }
  return rows;
}

/**
 * Per month, the `n` products with most purchased units (or most revenue, `by = "revenue"`;
 * purchase lines of `transactions` batches only; refunds and returns do not count), ties
 * broken by units then product id ascending. Months close on the transactions watermark; open
 * months are flushed on completion.
 *
 * @param n How many products per month, an integer ≥ 1 (default 10).
 * @param by `units` (default) or `revenue`.
 * @returns An operator from batches to arrays of {@linkcode TopProductRow}, by month then rank.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * const line = (id: string, month: number, type: "purchase" | "refund", quantity: number) => ({
 *   transactionId: id, orderId: `o-${id}`, userId: "u1", productId: "p1", quantity,
 *   unitPrice: 9.99, unitPriceMicros: 9_990_000, type, eventTime: Date.UTC(2019, month, 5),
 *   country: null, paymentMethod: null,
 * });
 * const batch = { table: "transactions" as const, quarantine: [],
 *   records: [line("t1", 9, "purchase", 3), line("t2", 10, "purchase", 1)] };
 * const rows = await lastValueFrom(of(batch).pipe(topProducts(5)));
 * assert.deepEqual(rows.map((r) => [r.month, r.rank, r.product_id]),
 *   [["2019-10", 1, "p1"], ["2019-11", 1, "p1"]]);
 * ```
 */
export function topProducts(
  n = 10,
  by: TopProductsBy = "units",
): OperatorFunction<AnyBatch, TopProductRow[]> {
  checkTopN(n);
  return monthlyReport(() => {
    const months = new OpenMonths(() => new Map<string, ProductTotals>());
    return {
      tables: ["transactions"],
      add(batch: AnyBatch): void {
        if (batch.table !== "transactions") return;
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const line = records[i];
          if (line.type !== "purchase") continue;
          const products = months.at(line.eventTime);
          if (products === undefined) continue;
          let totals = products.get(line.productId);
          if (totals === undefined) {
            totals = { productId: line.productId, units: 0, revenue: new MicrosSum() };
            products.set(line.productId, totals);
          }
          totals.units += line.quantity;
          totals.revenue.add(line.quantity, line.unitPriceMicros);
        }
      },
      close(watermark: number): TopProductRow[] {
        const rows: TopProductRow[] = [];
        for (const [index, products] of months.close(watermark)) {
          const totals: ProductTotal[] = [];
          for (const t of products.values()) {
            totals.push({
              productId: t.productId,
              units: t.units,
              revenueMicros: t.revenue.micros,
            });
          }
          for (const row of rankTopProducts(monthIndexKey(index), totals, n, by)) rows.push(row);
        }
        return rows;
      },
    };
  });
}

/**
 * The latest calendar month (UTC) that ended at or before `latestTransactionTime`: the month
 * before the one containing it, since a month ends at the first instant of the next.
 *
 * @param latestTransactionTime Event time of the latest valid transaction, ms since the epoch.
 * @returns `YYYY-MM`.
 * @example
 * ```ts
 * lastCompleteMonth(Date.UTC(2011, 11, 9)); // "2011-11"
 * lastCompleteMonth(Date.UTC(2011, 11, 1)); // "2011-11" (November ended exactly then)
 * lastCompleteMonth(Date.UTC(2011, 10, 30, 23, 59, 59, 999)); // "2011-10"
 * ```
 */
export function lastCompleteMonth(latestTransactionTime: number): string {
  if (!Number.isFinite(latestTransactionTime)) {
    throw new RangeError(
      `lastCompleteMonth: time must be a finite number, got ${latestTransactionTime}`,
    );
  }
  return monthIndexKey(monthIndex(latestTransactionTime) - 1);
}
