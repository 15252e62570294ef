/**
 * The canonical product categories and the synonyms that standardization maps onto them.
 *
 * Keys of {@linkcode CATEGORY_SYNONYMS} are already normalized (NFKC, trimmed, single spaces,
 * lower case), so a lookup first normalizes the raw text the same way.
 *
 * @module
 */

/** Canonical category names, lower case. `unknown` stands for a missing category. */
export const CATEGORIES = [
  "electronics",
  "computers",
  "appliances",
  "apparel",
  "home",
  "beauty",
  "sports",
  "books",
] as const;

/** One canonical category name, or `unknown`. */
export type Category = (typeof CATEGORIES)[number] | "unknown";

/** Normalized synonym → canonical category. Canonical names map to themselves. */
export const CATEGORY_SYNONYMS: Readonly<Record<string, Category>> = {
  electronics: "electronics",
  electronic: "electronics",
  "consumer electronics": "electronics",
  computers: "computers",
  computer: "computers",
  "computers & accessories": "computers",
  pc: "computers",
  appliances: "appliances",
  appliance: "appliances",
  "home appliances": "appliances",
  apparel: "apparel",
  clothing: "apparel",
  clothes: "apparel",
  fashion: "apparel",
  home: "home",
  "home & garden": "home",
  "home and garden": "home",
  household: "home",
  beauty: "beauty",
  cosmetics: "beauty",
  "health & beauty": "beauty",
  sports: "sports",
  sport: "sports",
  "sports & outdoors": "sports",
  books: "books",
  book: "books",
  unknown: "unknown",
};
