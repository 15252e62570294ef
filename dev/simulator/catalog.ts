/**
 * The simulated shop's product catalog: REES46-style product and category ids, dotted category
 * codes under the canonical categories, brands and prices.
 *
 * @module
 */

import type { Random } from "./random.ts";

/** One product as it appears in activity events. */
export interface Product {
  productId: string;
  categoryId: string;
  /** e.g. `electronics.smartphone`; null for some products, as in real clickstreams. */
  categoryCode: string | null;
  brand: string | null;
  price: number;
}

/** Category code → brands and a typical price, for the canonical categories. */
const SHELVES: readonly { code: string; brands: readonly string[]; price: number }[] = [
  { code: "electronics.smartphone", brands: ["samsung", "apple", "xiaomi", "huawei"], price: 420 },
  { code: "electronics.audio.headphone", brands: ["sony", "jbl", "apple"], price: 90 },
  { code: "electronics.video.tv", brands: ["lg", "samsung", "sony"], price: 650 },
  { code: "computers.notebook", brands: ["lenovo", "hp", "asus", "acer"], price: 780 },
  { code: "computers.peripherals.mouse", brands: ["logitech", "a4tech"], price: 25 },
  { code: "appliances.kitchen.washer", brands: ["bosch", "lg", "indesit"], price: 380 },
  { code: "appliances.environment.vacuum", brands: ["dyson", "philips", "samsung"], price: 210 },
  { code: "apparel.shoes", brands: ["nike", "adidas", "puma"], price: 75 },
  { code: "apparel.jacket", brands: ["columbia", "zara"], price: 110 },
  { code: "home.kitchen.cookware", brands: ["tefal", "fissler"], price: 45 },
  { code: "beauty.fragrance", brands: ["chanel", "dior"], price: 85 },
  { code: "sports.bicycle", brands: ["stels", "merida"], price: 320 },
  { code: "books.fiction", brands: ["penguin", "eksmo"], price: 12 },
];

/**
 * Builds `size` products. Product i is more popular than product i + 1 (see `pickProduct`).
 *
 * @param rng the seeded generator
 * @param size number of products (default 500)
 * @returns the catalog, most popular first
 */
export function buildCatalog(rng: Random, size = 500): Product[] {
  const products = new Array<Product>(size);
  for (let i = 0; i < size; i++) {
    const shelf = SHELVES[rng.int(SHELVES.length)];
    const shelfIndex = SHELVES.indexOf(shelf);
    const price = shelf.price * Math.exp((rng.next() - 0.5) * 1.2);
    products[i] = {
      productId: String(1_000_000 + i * 1_013 + rng.int(1_000)),
      categoryId: String(2_053_013_555_631_882_000n + BigInt(shelfIndex * 97)),
      categoryCode: rng.next() < 0.1 ? null : shelf.code,
      brand: rng.next() < 0.08 ? null : shelf.brands[rng.int(shelf.brands.length)],
      price: Math.round(price * 100) / 100,
    };
  }
  return products;
}

/**
 * Picks a product index with a long-tailed popularity: low indices far more often.
 *
 * @param rng the seeded generator
 * @param size catalog size
 * @returns an index in [0, size)
 */
export function pickProduct(rng: Random, size: number): number {
  const u = rng.next();
  return Math.min(size - 1, Math.floor(size * u * u * u));
}
