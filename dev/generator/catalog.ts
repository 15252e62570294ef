/**
 * The generated product catalog: ids, names, categories, brands, prices and a Zipf-like
 * popularity, plus samplers that pick products by popularity (overall or within a category).
 *
 * @module
 */

import { CATEGORIES } from "../../operators/categories.ts";
import { cumulate, hash32, Prng } from "./prng.ts";
import { SERIES, SUB_CATEGORIES, VARIANTS, WAREHOUSES } from "./catalog_words.ts";

/** One product of the catalog. Text values are clean (canonical, single-spaced, lower-case brand). */
export interface Product {
  index: number;
  id: string;
  name: string;
  category: (typeof CATEGORIES)[number];
  /** Index of `category` in `CATEGORIES`. */
  categoryIndex: number;
  categoryCode: string;
  categoryId: string;
  brand: string;
  /** Price in cents (exact) and as text with two decimals. */
  priceCents: number;
  priceText: string;
  unitCostText: string;
  warehouse: string;
  /** Share of all product picks (sums to 1 over the catalog). */
  popularity: number;
  /** Precomputed activity CSV middle: `,product_id,category_id,category_code,brand,price,`. */
  activityColumns: string;
}

/** A catalog with popularity samplers. */
export interface Catalog {
  products: Product[];
  /** Picks a product index by popularity. */
  pick(rng: Prng): number;
  /** Picks a product index of the given category by popularity. */
  pickInCategory(rng: Prng, categoryIndex: number): number;
}

/** Zipf-like popularity exponent and offset: the top product gets a few percent of the picks. */
export const ZIPF_S = 0.9;
const ZIPF_OFFSET = 5;

/**
 * Builds a deterministic catalog of `count` products spread over all categories.
 *
 * @param count number of products (≥ 8)
 * @param seed the generator seed
 * @param skew Zipf exponent of the popularity (steeper: the best sellers take more)
 * @returns the catalog
 * @example buildCatalog(500, 42).products[0].categoryCode // e.g. "electronics.smartphone"
 */
export function buildCatalog(count: number, seed: number, skew = ZIPF_S): Catalog {
  const rng = new Prng(seed, 11);
  const ranks = shuffledRanks(count, rng);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) weights[i] = Math.pow(ranks[i] + ZIPF_OFFSET, -skew);
  let total = 0;
  for (let i = 0; i < count; i++) total += weights[i];
  const products: Product[] = [];
  for (let i = 0; i < count; i++) {
    const sc = SUB_CATEGORIES[i % SUB_CATEGORIES.length];
    const brand = rng.pick(sc.brands);
    const priceCents = drawPriceCents(rng, sc.low, sc.high);
    const costCents = Math.round(priceCents * rng.range(0.55, 0.8));
    const id = String(1_000_001 + i * 37 + (hash32(seed + i) % 37));
    const categoryId = "2053013" + pad6(hash32(seed ^ hashText(sc.code)) % 1e6) +
      pad6(hash32(hashText(sc.code) + 7) % 1e6);
    const priceText = (priceCents / 100).toFixed(2);
    products.push({
      index: i,
      id,
      name: productName(rng, brand, sc.noun, sc.category === "books"),
      category: sc.category,
      categoryIndex: CATEGORIES.indexOf(sc.category),
      categoryCode: sc.code,
      categoryId,
      brand,
      priceCents,
      priceText,
      unitCostText: (costCents / 100).toFixed(2),
      warehouse: WAREHOUSES[hash32(seed * 31 + i) % WAREHOUSES.length],
      popularity: weights[i] / total,
      activityColumns: "," + id + "," + categoryId + "," + sc.code + "," + brand + "," + priceText +
        ",",
    });
  }
  const overall = cumulate(weights);
  const members: number[][] = CATEGORIES.map(() => []);
  for (const p of products) members[p.categoryIndex].push(p.index);
  const perCategory = members.map((list) => cumulate(list.map((i) => weights[i])));
  return {
    products,
    pick: (r) => r.weighted(overall),
    pickInCategory: (r, c) => members[c][r.weighted(perCategory[c])],
  };
}

function shuffledRanks(count: number, rng: Prng): Int32Array {
  const ranks = new Int32Array(count);
  for (let i = 0; i < count; i++) ranks[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = ranks[i];
    ranks[i] = ranks[j];
    ranks[j] = t;
  }
  return ranks;
}

/** Log-uniform price, ending in .99 or .00 like a shop's price list. */
function drawPriceCents(rng: Prng, low: number, high: number): number {
  const whole = Math.max(2, Math.round(Math.exp(rng.range(Math.log(low), Math.log(high)))));
  return rng.next() < 0.6 ? whole * 100 - 1 : whole * 100;
}

function productName(rng: Prng, brand: string, noun: string, isBook: boolean): string {
  if (isBook) {
    return "The " + rng.pick(BOOK_ADJECTIVES) + " " + rng.pick(BOOK_NOUNS) + " " + noun;
  }
  const display = brand.charAt(0).toUpperCase() + brand.slice(1);
  return display + " " + noun + " " + rng.pick(SERIES) + " " + (10 + rng.int(990)) + " " +
    rng.pick(VARIANTS);
}

const BOOK_ADJECTIVES = ["Quiet", "Silver", "Hidden", "Last", "Golden", "Wild", "Lost", "Bright"];
const BOOK_NOUNS = ["River", "Garden", "Harbor", "Kitchen", "Forest", "Atlas", "Engine", "Orchard"];

function pad6(n: number): string {
  return String(n).padStart(6, "0");
}

function hashText(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = hash32(h ^ text.charCodeAt(i));
  return h;
}
