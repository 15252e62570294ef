/**
 * The snapshot of the `catalog` family (inventory turnover, ratings, ratings by category,
 * products) and its merge. A product's inventory updates and reviews live in one partition (both
 * topics are keyed by product), its sales in all of them (transactions are keyed by user), so a
 * snapshot carries stock already summed by category, but sales, review totals and category
 * timelines per product: the finish joins them.
 *
 * Lists are flat (`[key, value, key, value, …]`) to keep the JSON small: it is written to the
 * results store about once a second per partition.
 *
 * @module
 */

import { mergeStock, type StockSnapshot } from "./catalog_stock.ts";

/** A flat list of JSON scalars: a key followed by repeating fields. */
export type FlatList = (string | number)[];

/** One product of the `products` report: `[product_id, name, category, brand]`. */
export type NameRow = [string, string, string, string | null];

/** A partition's (or several partitions' merged) contribution to the `catalog` reports. */
export type CatalogSnapshot = {
  /** Earliest and latest event time of inventory and transaction records; `null` before any. */
  span: [number, number] | null;
  /** Purchased units: `[month, productId, units, productId, units, …]`, by month, then id. */
  sales: FlatList[];
  /** Stock sums by category and month; `null` before any inventory update. */
  stock: StockSnapshot | null;
  /**
   * Per product with a named category: `[productId, month, category, month, category, …]`, the
   * category it has at the end of each month from that month on (`unknown` before the first).
   */
  categories: FlatList[];
  /** Review totals: `[month, productId, reviews, ratingSum, …]`, by month, then product id. */
  ratings: FlatList[];
  /** The products report's rows so far, by product id. */
  names: NameRow[];
};

/** The snapshot of a partition that has seen nothing. */
export function emptyCatalogSnapshot(): CatalogSnapshot {
  return { span: null, sales: [], stock: null, categories: [], ratings: [], names: [] };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sums lists keyed by month (`[month, key, v1, …, vN, key, …]`) into one map per month.
 *
 * @param lists Month lists of any number of snapshots.
 * @param width Values per key.
 * @param into Receives the sums: month → key → values.
 */
export function sumMonthLists(
  lists: readonly FlatList[],
  width: number,
  into: Map<number, Map<string, number[]>>,
): void {
  for (const list of lists) {
    const month = list[0] as number;
    let keys = into.get(month);
    if (keys === undefined) {
      keys = new Map();
      into.set(month, keys);
    }
    for (let i = 1; i < list.length; i += width + 1) {
      const key = list[i] as string;
      const values = keys.get(key);
      if (values === undefined) {
        keys.set(key, list.slice(i + 1, i + 1 + width) as number[]);
      } else {
        for (let j = 0; j < width; j++) values[j] += list[i + 1 + j] as number;
      }
    }
  }
}

/**
 * Encodes month → key → values as month lists, months ascending and keys sorted, so equal sums
 * always encode to equal lists.
 */
export function monthLists(months: Map<number, Map<string, number[]>>): FlatList[] {
  const lists: FlatList[] = [];
  for (const month of [...months.keys()].sort((a, b) => a - b)) {
    const keys = months.get(month) as Map<string, number[]>;
    const list: FlatList = [month];
    for (const key of [...keys.keys()].sort(byText)) list.push(key, ...keys.get(key)!);
    lists.push(list);
  }
  return lists;
}

/**
 * Entries keyed by product id. A product belongs to one partition, so two snapshots never both
 * name it; should they, the larger entry (by JSON text) wins, which keeps the merge order-free.
 */
function unionById<T extends FlatList | NameRow>(lists: readonly (readonly T[])[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) {
    for (const entry of list) {
      const id = entry[0] as string;
      const seen = byId.get(id);
      if (seen === undefined || JSON.stringify(entry) > JSON.stringify(seen)) byId.set(id, entry);
    }
  }
  return [...byId.keys()].sort(byText).map((id) => byId.get(id) as T);
}

/**
 * Combines snapshots of distinct partitions into one of the same shape: sums of sales, stock and
 * review totals, the union of per-product entries. Pure and order-free (the result is encoded
 * canonically: months ascending, keys sorted).
 *
 * @param snapshots Snapshots (or merged snapshots) of distinct partitions.
 * @returns Their merged snapshot.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = { ...emptyCatalogSnapshot(), span: [5, 9] as [number, number],
 *   sales: [[24300, "P1", 2]] };
 * const b = { ...emptyCatalogSnapshot(), span: [1, 7] as [number, number],
 *   sales: [[24300, "P1", 3, "P2", 1]] };
 * const merged = mergeCatalogSnapshots([a, b]);
 * assert.deepEqual(merged.span, [1, 9]);
 * assert.deepEqual(merged.sales, [[24300, "P1", 5, "P2", 1]]);
 * ```
 */
export function mergeCatalogSnapshots(snapshots: readonly CatalogSnapshot[]): CatalogSnapshot {
  let span: [number, number] | null = null;
  for (const s of snapshots) {
    if (s.span === null) continue;
    span = span === null
      ? [s.span[0], s.span[1]]
      : [Math.min(span[0], s.span[0]), Math.max(span[1], s.span[1])];
  }
  const sales = new Map<number, Map<string, number[]>>();
  const ratings = new Map<number, Map<string, number[]>>();
  for (const s of snapshots) {
    sumMonthLists(s.sales, 1, sales);
    sumMonthLists(s.ratings, 2, ratings);
  }
  const stocks = snapshots.flatMap((s) => (s.stock === null ? [] : [s.stock]));
  return {
    span,
    sales: monthLists(sales),
    stock: stocks.length === 0 ? null : mergeStock(stocks),
    categories: unionById(snapshots.map((s) => s.categories)),
    ratings: monthLists(ratings),
    names: unionById(snapshots.map((s) => s.names)),
  };
}
