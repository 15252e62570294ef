/**
 * Stock of the `catalog` family: per-product inventory history reduced to what the turnover
 * finish needs, the opening and closing level sums of each category in each month, and each
 * product's category timeline (its sales, counted in other partitions, are joined to it).
 *
 * @module
 */

import { type CategoryTotals, totalsOf } from "../inventory_turnover.ts";
import type { ProductState } from "../product_catalog.ts";
import type { FlatList } from "./catalog_snapshot.ts";

/** Stock level sums by category and month, as of each month's end. */
export type StockSnapshot = {
  /** The month index of `months[0]`. */
  from: number;
  /**
   * Per month from `from` on: `[category, opening, closing, …]`, summed over the products with
   * a known level at the month end (a category with such a product is listed even at 0).
   */
  months: FlatList[];
  /**
   * Per category the level sums at the end of the last month of `months`: every later month
   * has them as both opening and closing, `[category, level, …]`.
   */
  last: FlatList;
};

/**
 * The stock totals of one month (units 0), to which the finish adds sales.
 *
 * @param stock Stock sums, or `null` when no inventory was seen.
 * @param month A month index.
 * @returns Totals by category of the products with a known level at the month end.
 */
export function stockTotals(
  stock: StockSnapshot | null,
  month: number,
): Map<string, CategoryTotals> {
  const groups = new Map<string, CategoryTotals>();
  if (stock === null || month < stock.from) return groups;
  const list = stock.months[month - stock.from];
  if (list !== undefined) {
    for (let i = 0; i < list.length; i += 3) {
      const totals = totalsOf(groups, list[i] as string);
      totals.opening += list[i + 1] as number;
      totals.closing += list[i + 2] as number;
    }
    return groups;
  }
  for (let i = 0; i < stock.last.length; i += 2) {
    const totals = totalsOf(groups, stock.last[i] as string);
    totals.opening += stock.last[i + 1] as number;
    totals.closing += stock.last[i + 1] as number;
  }
  return groups;
}

function encode(groups: Map<string, CategoryTotals>): FlatList {
  const list: FlatList = [];
  for (const category of [...groups.keys()].sort()) {
    const totals = groups.get(category) as CategoryTotals;
    list.push(category, totals.opening, totals.closing);
  }
  return list;
}

function encodeLast(levels: Map<string, number>): FlatList {
  return [...levels.keys()].sort().flatMap((category) => [category, levels.get(category)!]);
}

/**
 * Sums the stock of distinct partitions: each month from the earliest `from` to the latest last
 * month, a partition counting nothing before its `from` and its `last` after its last month.
 *
 * @param stocks At least one stock snapshot.
 * @returns Their sum, encoded canonically (categories sorted).
 */
export function mergeStock(stocks: readonly StockSnapshot[]): StockSnapshot {
  const from = Math.min(...stocks.map((s) => s.from));
  const to = Math.max(...stocks.map((s) => s.from + s.months.length - 1));
  const months: FlatList[] = [];
  for (let month = from; month <= to; month++) {
    const sum = new Map<string, CategoryTotals>();
    for (const stock of stocks) {
      for (const [category, totals] of stockTotals(stock, month)) {
        const into = totalsOf(sum, category);
        into.opening += totals.opening;
        into.closing += totals.closing;
      }
    }
    months.push(encode(sum));
  }
  const last = new Map<string, number>();
  for (const stock of stocks) {
    for (let i = 0; i < stock.last.length; i += 2) {
      const category = stock.last[i] as string;
      last.set(category, (last.get(category) ?? 0) + (stock.last[i + 1] as number));
    }
  }
  return { from, months, last: encodeLast(last) };
}

/**
 * Replays each product's history, month by month, into stock sums by category and category
 * timelines. A month's entry for a product holds the updates of that month folded with
 * `applyUpdate` (the catalog's rule: latest event time wins, ties to the later arrival, a level
 * only from an update that carries one, a category only from one that names it); every update
 * of a later month is later in event time, so the state at a month's end is the last month
 * entry that set each field.
 *
 * @param histories Per product id, its month entries (month index → folded updates).
 * @returns The stock sums (`null` without any entry) and, by product id, the category timelines
 *   of products that ever had a named category.
 */
export function replayHistories(
  histories: ReadonlyMap<string, ReadonlyMap<number, ProductState>>,
): { stock: StockSnapshot | null; categories: FlatList[] } {
  let from = Infinity;
  let to = -Infinity;
  for (const months of histories.values()) {
    for (const month of months.keys()) {
      if (month < from) from = month;
      if (month > to) to = month;
    }
  }
  if (from === Infinity) return { stock: null, categories: [] };
  const groups = Array.from({ length: to - from + 1 }, () => new Map<string, CategoryTotals>());
  const last = new Map<string, number>();
  const categories: FlatList[] = [];
  const ids = [...histories.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) {
    const months = histories.get(id) as ReadonlyMap<number, ProductState>;
    let first = Infinity;
    for (const month of months.keys()) if (month < first) first = month;
    let level: number | null = null;
    let category = "unknown";
    const timeline: FlatList = [id];
    for (let month = first; month <= to; month++) {
      const opening = level;
      const entry = months.get(month);
      if (entry !== undefined) {
        if (entry.level !== null) level = entry.level;
        if (entry.categoryTime !== -Infinity && entry.category !== category) {
          category = entry.category;
          timeline.push(month, category);
        }
      }
      if (level === null) continue;
      const totals = totalsOf(groups[month - from], category);
      totals.opening += opening ?? 0;
      totals.closing += level;
    }
    if (level !== null) last.set(category, (last.get(category) ?? 0) + level);
    if (timeline.length > 1) categories.push(timeline);
  }
  return { stock: { from, months: groups.map(encode), last: encodeLast(last) }, categories };
}
