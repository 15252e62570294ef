/**
 * The `sales` family of partial state: `monthly_revenue`, `top_products` and
 * `top_products_by_revenue` from the `transactions` lines of each partition (see
 * `partial_family.ts` for the law it keeps, `sales_snapshot.ts` for the snapshot format).
 *
 * A partition keeps, per month, the exact sums of purchase, refund and return lines in micros,
 * units and revenue per product (purchase lines only), and the distinct order ids of its
 * purchase lines. Sums add across partitions exactly; rows are ranked and rounded only when
 * merged state finishes, by the same helpers as the operators (`revenueRow`, `rankTopProducts`).
 *
 * Assumption: every line of an order carries the order's user. Transactions are partitioned by
 * user, so each order id falls into one partition, and the distinct order counts of a month add
 * up across partitions; a snapshot carries the count, not the ids. Were one order id shared by
 * two users, `orders` would count it once per partition that saw it.
 *
 * Months close, as in the operators, when the partition's transactions watermark reaches their
 * end: a closed month forgets its order ids and keeps its encoded snapshot; a line of a closed
 * month (only possible in input that is not watermarked) is ignored, as the operators ignore it.
 *
 * @module
 */

import type { AnyBatch, Transaction } from "../types.ts";
import { MicrosSum } from "../money.ts";
import { firstOpenMonth, monthIndex, monthIndexKey, monthIndexStart } from "../month_window.ts";
import { revenueRow } from "../monthly_revenue.ts";
import type { MonthlyRevenueRow } from "../monthly_revenue.ts";
import {
  checkTopN,
  type ProductTotal,
  rankTopProducts,
  type TopProductRow,
} from "../top_products.ts";
import type {
  FamilyRows,
  PartialFamily,
  PartialOptions,
  PartitionPartial,
} from "./partial_family.ts";
import {
  decodeMicros,
  encodeMicros,
  mergeSalesSnapshots,
  type SalesMonth,
  type SalesSnapshot,
} from "./sales_snapshot.ts";

/** The reports of the `sales` family. */
export type SalesReport = "monthly_revenue" | "top_products" | "top_products_by_revenue";

/** One open month of a partition. */
class OpenMonth {
  gross = new MicrosSum();
  refunds = new MicrosSum();
  returns = new MicrosSum();
  orders = new Set<string>();
  products = new Map<string, { units: number; revenue: MicrosSum }>();

  constructor(readonly index: number) {}

  add(line: Transaction): void {
    if (line.type === "purchase") {
      this.gross.add(line.quantity, line.unitPriceMicros);
      this.orders.add(line.orderId);
      let totals = this.products.get(line.productId);
      if (totals === undefined) {
        totals = { units: 0, revenue: new MicrosSum() };
        this.products.set(line.productId, totals);
      }
      totals.units += line.quantity;
      totals.revenue.add(line.quantity, line.unitPriceMicros);
    } else if (line.type === "refund") {
      this.refunds.add(line.quantity, line.unitPriceMicros);
    } else {
      this.returns.add(line.quantity, line.unitPriceMicros);
    }
  }

  /** The month's snapshot tuple, products sorted by id. */
  encode(): SalesMonth {
    const products: (string | number)[] = [];
    const ids = [...this.products.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const id of ids) {
      const totals = this.products.get(id) as { units: number; revenue: MicrosSum };
      products.push(id, totals.units, encodeMicros(totals.revenue.micros));
    }
    return [
      this.index,
      encodeMicros(this.gross.micros),
      encodeMicros(this.refunds.micros),
      encodeMicros(this.returns.micros),
      this.orders.size,
      products,
    ];
  }
}

/** One partition's sales state. */
class SalesPartition implements PartitionPartial<SalesSnapshot> {
  #open = new Map<number, OpenMonth>();
  /** Encoded closed months, by index; never changed once there. */
  #closed = new Map<number, SalesMonth>();
  #firstOpen = -Infinity;
  // The month of the previous line, as a time range: a run of lines in one month skips lookups.
  #lastStart = NaN;
  #lastEnd = NaN;
  #last: OpenMonth | undefined;

  add(batch: AnyBatch): void {
    if (batch.table !== "transactions") return;
    const records = batch.records;
    for (let i = 0; i < records.length; i++) {
      const line = records[i];
      const time = line.eventTime;
      let month = this.#last;
      if (!(time >= this.#lastStart && time < this.#lastEnd)) {
        const index = monthIndex(time);
        if (index < this.#firstOpen) continue;
        month = this.#open.get(index);
        if (month === undefined) {
          month = new OpenMonth(index);
          this.#open.set(index, month);
        }
        this.#last = month;
        this.#lastStart = monthIndexStart(index);
        this.#lastEnd = monthIndexStart(index + 1);
      }
      (month as OpenMonth).add(line);
    }
    if (batch.watermark !== undefined) this.#close(firstOpenMonth(batch.watermark));
  }

  /** Encodes and freezes the months before `limit`. */
  #close(limit: number): void {
    if (limit <= this.#firstOpen) return;
    this.#firstOpen = limit;
    this.#lastStart = this.#lastEnd = NaN;
    this.#last = undefined;
    for (const [index, month] of this.#open) {
      if (index >= limit) continue;
      this.#closed.set(index, month.encode());
      this.#open.delete(index);
    }
  }

  snapshot(): SalesSnapshot {
    const months: SalesMonth[] = [];
    // Closed tuples are copied one level down, so a caller editing the snapshot cannot reach them.
    for (const m of this.#closed.values()) months.push([m[0], m[1], m[2], m[3], m[4], [...m[5]]]);
    for (const month of this.#open.values()) months.push(month.encode());
    months.sort((a, b) => a[0] - b[0]);
    return { v: 1, months };
  }
}

/** The report rows of merged state: months in order, products by rank. */
function finishSales(merged: SalesSnapshot, topN: number): FamilyRows<SalesReport> {
  const revenue: MonthlyRevenueRow[] = [];
  const byUnits: TopProductRow[] = [];
  const byRevenue: TopProductRow[] = [];
  for (const [index, gross, refunds, returns, orders, products] of merged.months) {
    revenue.push(
      revenueRow(
        index,
        decodeMicros(gross),
        decodeMicros(refunds),
        decodeMicros(returns),
        orders,
      ),
    );
    if (products.length === 0) continue;
    const totals: ProductTotal[] = [];
    for (let i = 0; i < products.length; i += 3) {
      totals.push({
        productId: products[i] as string,
        units: products[i + 1] as number,
        revenueMicros: decodeMicros(products[i + 2]),
      });
    }
    const month = monthIndexKey(index);
    for (const row of rankTopProducts(month, totals, topN, "units")) byUnits.push(row);
    for (const row of rankTopProducts(month, totals, topN, "revenue")) byRevenue.push(row);
  }
  return {
    monthly_revenue: revenue,
    top_products: byUnits,
    top_products_by_revenue: byRevenue,
  };
}

/**
 * The `sales` family: per-partition state of `monthly_revenue`, `top_products` and
 * `top_products_by_revenue`, merged by summing.
 *
 * @param options analytics parameters; only `topN` is used
 * @returns the family, named `sales`, reading `transactions`
 * @throws RangeError when `options.topN` is not an integer ≥ 1
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const family = salesFamily({ lookback: 86_400_000, spike: {}, topN: 10 });
 * const line = (id: string, user: string, quantity: number) => ({
 *   transactionId: id, orderId: `o-${id}`, userId: user, productId: "p1", quantity,
 *   unitPrice: 2.55, unitPriceMicros: 2_550_000, type: "purchase" as const,
 *   eventTime: Date.UTC(2019, 9, 5), country: null, paymentMethod: null,
 * });
 * const [a, b] = [family.create(), family.create()];
 * a.add({ table: "transactions", quarantine: [], records: [line("t1", "u1", 2)] });
 * b.add({ table: "transactions", quarantine: [], records: [line("t2", "u2", 4)] });
 * const rows = family.finish(family.merge([a.snapshot(), b.snapshot()]));
 * assert.deepEqual([rows.monthly_revenue[0].gross, rows.monthly_revenue[0].orders], [15.3, 2]);
 * assert.equal(rows.top_products[0].units, 6);
 * ```
 */
export function salesFamily(options: PartialOptions): PartialFamily<SalesSnapshot, SalesReport> {
  const topN = options.topN;
  checkTopN(topN);
  return {
    name: "sales",
    reports: ["monthly_revenue", "top_products", "top_products_by_revenue"],
    tables: ["transactions"],
    create: () => new SalesPartition(),
    merge: mergeSalesSnapshots,
    finish: (merged) => finishSales(merged, topN),
  };
}
