/**
 * Monthly revenue report over transaction lines.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import type { AnyBatch } from "./types.ts";
import { MicrosSum, microsToMoney } from "./money.ts";
import { monthIndexKey, monthlyReport, OpenMonths } from "./month_window.ts";

/**
 * One month of revenue. Money in currency units, exact to the cent; null for an amount beyond
 * `MAX_MONEY` (`operators/money.ts`), which no report number holds to the cent.
 */
export interface MonthlyRevenueRow {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** Σ quantity × unit price of purchase lines. */
  gross: number | null;
  /** Σ quantity × unit price of refund lines. */
  refunds: number | null;
  /** Σ quantity × unit price of return lines. */
  returns: number | null;
  /** gross − refunds − returns, computed exactly, then rounded once. */
  net: number | null;
  /** Distinct order ids among the month's purchase lines. */
  orders: number;
}

interface RevenueMonth {
  gross: MicrosSum;
  refunds: MicrosSum;
  returns: MicrosSum;
  orders: Set<string>;
}

/**
 * The row of one month from its exact totals: money rounded to cents only here, `net` from the
 * exact difference. Shared by {@linkcode monthlyRevenue} and the live partial state
 * (`operators/partials/sales_partial.ts`).
 *
 * @param index The month index (see `month_window.ts`).
 * @param gross Σ purchase lines, micros.
 * @param refunds Σ refund lines, micros.
 * @param returns Σ return lines, micros.
 * @param orders Distinct order ids among the purchase lines.
 * @returns The month's {@linkcode MonthlyRevenueRow}.
 * @example
 * ```ts
 * revenueRow(2019 * 12 + 9, 29_970_000n, 9_990_000n, 0n, 1).net; // 19.98
 * ```
 */
export function revenueRow(
  index: number,
  gross: bigint,
  refunds: bigint,
  returns: bigint,
  orders: number,
): MonthlyRevenueRow {
  return {
    month: monthIndexKey(index),
    gross: microsToMoney(gross),
    refunds: microsToMoney(refunds),
    returns: microsToMoney(returns),
    net: microsToMoney(gross - refunds - returns),
    orders,
  };
}

function newMonth(): RevenueMonth {
  return {
    gross: new MicrosSum(),
    refunds: new MicrosSum(),
    returns: new MicrosSum(),
    orders: new Set(),
  };
}

/**
 * Monthly revenue from the `transactions` batches (others are ignored). Emits the rows of the
 * months that the transactions watermark closed, one array per batch that closed any, and
 * flushes the open months on completion.
 *
 * `net` is rounded from the exact `gross − refunds − returns`, so with sub-cent prices it can
 * differ by one cent from the difference of the rounded columns.
 *
 * @returns An operator from batches to arrays of {@linkcode MonthlyRevenueRow}, in month order.
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
 *   records: [line("t1", 9, "purchase", 3), line("t2", 9, "refund", 1)] };
 * const [october] = await lastValueFrom(of(batch).pipe(monthlyRevenue()));
 * assert.deepEqual([october.month, october.gross, october.refunds, october.net],
 *   ["2019-10", 29.97, 9.99, 19.98]);
 * ```
 */
export function monthlyRevenue(): OperatorFunction<AnyBatch, MonthlyRevenueRow[]> {
  return monthlyReport(() => {
    const months = new OpenMonths(newMonth);
    return {
      tables: ["transactions"],
      add(batch: AnyBatch): void {
        if (batch.table !== "transactions") return;
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const line = records[i];
          const month = months.at(line.eventTime);
          if (month === undefined) continue;
          if (line.type === "purchase") {
            month.gross.add(line.quantity, line.unitPriceMicros);
            month.orders.add(line.orderId);
          } else if (line.type === "refund") {
            month.refunds.add(line.quantity, line.unitPriceMicros);
          } else {
            month.returns.add(line.quantity, line.unitPriceMicros);
          }
        }
      },
      close(watermark: number): MonthlyRevenueRow[] {
        const rows: MonthlyRevenueRow[] = [];
        for (const [index, month] of months.close(watermark)) {
          rows.push(
            revenueRow(
              index,
              month.gross.micros,
              month.refunds.micros,
              month.returns.micros,
              month.orders.size,
            ),
          );
        }
        return rows;
      },
    };
  });
}
