/**
 * Maps an input file to its table by name.
 *
 * @module
 */

import { basename, dirname } from "node:path";
import type { TableName } from "../../operators/types.ts";

// Name prefixes per table, checked in order against the lower-cased base name.
const PREFIXES: ReadonlyArray<readonly [string, TableName]> = [
  ["activity", "activity"],
  ["clickstream", "activity"],
  ["events", "activity"],
  ["transactions", "transactions"],
  ["orders", "transactions"],
  ["inventory", "inventory"],
  ["products", "inventory"],
  ["reviews", "reviews"],
];

/**
 * Tells which table a file feeds from its name: `activity*`, `clickstream*`, `events*` →
 * activity; `transactions*`, `orders*` → transactions; `inventory*`, `products*` → inventory;
 * `reviews*` → reviews (case-insensitive). A file whose own name does not match is looked up by
 * its folder's name (`data/orders/part-1.csv`).
 *
 * @param path A file path.
 * @returns The table, or `undefined` for files that feed none (a manifest, a README).
 *
 * @example
 * ```ts
 * tableForFile("data/sample/clickstream-2019-10.csv"); // "activity"
 * tableForFile("data/sample/manifest.json"); // undefined
 * ```
 */
export function tableForFile(path: string): TableName | undefined {
  return byName(basename(path)) ?? byName(basename(dirname(path)));
}

function byName(name: string): TableName | undefined {
  const lower = name.toLowerCase();
  for (const [prefix, table] of PREFIXES) if (lower.startsWith(prefix)) return table;
  return undefined;
}
