/**
 * The snapshot format of the `sales` family (`sales_partial.ts`) and its merge: exact per-month
 * totals of transaction lines, compact JSON.
 *
 * A snapshot is `{ v: 1, months }`, `months` sorted by month index, each month a tuple
 * `[index, gross, refunds, returns, orders, products]`: the month index of `month_window.ts`,
 * the three sums in micros, the number of distinct order ids among purchase lines, and
 * `products` flat as `[productId, units, revenue, productId, units, revenue, …]` (purchase lines
 * only, sorted by product id). Micros are {@linkcode Micros}: a JSON number while a safe integer,
 * else its decimal string, so no amount loses a unit in JSON. Arrays rather than objects keyed by
 * product id keep the text short and make any id (even `__proto__`) safe.
 *
 * @module
 */

/** An exact amount in micros as JSON: a safe integer, or the decimal string of a larger one. */
export type Micros = number | string;

/** One month of a partition (or of merged partitions), see the module doc. */
export type SalesMonth = [
  index: number,
  gross: Micros,
  refunds: Micros,
  returns: Micros,
  orders: number,
  products: (string | number)[],
];

/** A snapshot of the `sales` family. */
export type SalesSnapshot = { v: 1; months: SalesMonth[] };

/**
 * Encodes exact micros for JSON.
 *
 * @example
 * ```ts
 * encodeMicros(15_300_000n); // 15300000
 * encodeMicros(2n ** 60n); // "1152921504606846976"
 * ```
 */
export function encodeMicros(micros: bigint): Micros {
  const n = Number(micros);
  return Number.isSafeInteger(n) ? n : micros.toString();
}

/**
 * Decodes {@linkcode Micros}.
 *
 * @throws SyntaxError or RangeError when `value` is not an integer.
 */
export function decodeMicros(value: Micros): bigint {
  return BigInt(value);
}

/** Exact totals of one month while merging. */
interface MonthSum {
  gross: bigint;
  refunds: bigint;
  returns: bigint;
  orders: number;
  products: Map<string, { units: number; revenue: bigint }>;
}

/** Code-unit order, as the reports rank ties. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sums snapshots of distinct partitions into one snapshot of the same format (sorted, so the
 * result does not depend on their order). Order counts add up: see the assumption in
 * `sales_partial.ts`.
 *
 * @throws Error on a snapshot of another format version.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a: SalesSnapshot = { v: 1, months: [[24237, 10, 0, 0, 1, ["p1", 1, 10]]] };
 * const b: SalesSnapshot = { v: 1, months: [[24237, 5, 2, 0, 1, ["p1", 1, 5]]] };
 * assert.deepEqual(mergeSalesSnapshots([a, b]).months, [[24237, 15, 2, 0, 2, ["p1", 2, 15]]]);
 * ```
 */
export function mergeSalesSnapshots(snapshots: readonly SalesSnapshot[]): SalesSnapshot {
  const months = new Map<number, MonthSum>();
  for (const snapshot of snapshots) {
    if (snapshot.v !== 1) throw new Error(`sales: unknown snapshot version ${snapshot.v}`);
    for (const [index, gross, refunds, returns, orders, products] of snapshot.months) {
      let sum = months.get(index);
      if (sum === undefined) {
        sum = { gross: 0n, refunds: 0n, returns: 0n, orders: 0, products: new Map() };
        months.set(index, sum);
      }
      sum.gross += decodeMicros(gross);
      sum.refunds += decodeMicros(refunds);
      sum.returns += decodeMicros(returns);
      sum.orders += orders;
      for (let i = 0; i < products.length; i += 3) {
        const id = products[i] as string;
        const units = products[i + 1] as number;
        const revenue = decodeMicros(products[i + 2]);
        const total = sum.products.get(id);
        if (total === undefined) sum.products.set(id, { units, revenue });
        else {
          total.units += units;
          total.revenue += revenue;
        }
      }
    }
  }
  const merged: SalesMonth[] = [];
  for (const index of [...months.keys()].sort((a, b) => a - b)) {
    const sum = months.get(index) as MonthSum;
    const products: (string | number)[] = [];
    for (const id of [...sum.products.keys()].sort(compareIds)) {
      const total = sum.products.get(id) as { units: number; revenue: bigint };
      products.push(id, total.units, encodeMicros(total.revenue));
    }
    merged.push([
      index,
      encodeMicros(sum.gross),
      encodeMicros(sum.refunds),
      encodeMicros(sum.returns),
      sum.orders,
      products,
    ]);
  }
  return { v: 1, months: merged };
}
