/**
 * The vocabulary the catalog is built from: sub-categories in REES46 `category_code` style,
 * with their brands, product nouns and price ranges. Every code starts with one of
 * `CATEGORIES`; names and brands are plain ASCII with single spaces (clean values).
 *
 * @module
 */

import type { Category } from "../../operators/categories.ts";

/** One sub-category of the catalog. */
export interface SubCategory {
  category: Exclude<Category, "unknown">;
  code: string;
  noun: string;
  brands: readonly string[];
  /** Price range in whole currency units; prices are drawn log-uniformly inside it. */
  low: number;
  high: number;
}

const sub = (
  category: SubCategory["category"],
  code: string,
  noun: string,
  brands: string,
  low: number,
  high: number,
): SubCategory => ({ category, code, noun, brands: brands.split(" "), low, high });

/** All sub-categories, grouped by category (8 categories, 4 each). */
export const SUB_CATEGORIES: readonly SubCategory[] = [
  sub(
    "electronics",
    "electronics.smartphone",
    "Smartphone",
    "samsung apple xiaomi huawei oppo",
    120,
    1400,
  ),
  sub(
    "electronics",
    "electronics.audio.headphone",
    "Headphones",
    "sony jbl apple sennheiser",
    20,
    450,
  ),
  sub("electronics", "electronics.video.tv", "TV", "samsung lg sony philips", 250, 2600),
  sub("electronics", "electronics.camera.photo", "Camera", "canon nikon sony fujifilm", 300, 2400),
  sub("computers", "computers.notebook", "Notebook", "lenovo hp asus acer apple", 350, 2800),
  sub("computers", "computers.desktop", "Desktop PC", "dell hp lenovo", 400, 2200),
  sub("computers", "computers.peripherals.monitor", "Monitor", "dell lg samsung benq", 110, 900),
  sub("computers", "computers.peripherals.keyboard", "Keyboard", "logitech razer corsair", 15, 220),
  sub(
    "appliances",
    "appliances.kitchen.refrigerators",
    "Refrigerator",
    "bosch lg samsung beko",
    380,
    2500,
  ),
  sub(
    "appliances",
    "appliances.kitchen.washer",
    "Washing Machine",
    "bosch lg indesit beko",
    280,
    1300,
  ),
  sub(
    "appliances",
    "appliances.environment.vacuum",
    "Vacuum Cleaner",
    "dyson philips karcher",
    60,
    750,
  ),
  sub("appliances", "appliances.kitchen.blender", "Blender", "philips moulinex tefal", 25, 260),
  sub("apparel", "apparel.shoes", "Sneakers", "nike adidas puma reebok", 35, 220),
  sub("apparel", "apparel.shirt", "Shirt", "zara levis tommy mango", 12, 95),
  sub("apparel", "apparel.jacket", "Jacket", "columbia northface zara", 45, 380),
  sub("apparel", "apparel.jeans", "Jeans", "levis wrangler lee", 30, 140),
  sub("home", "home.furniture.sofa", "Sofa", "ikea hoff ashley", 220, 1900),
  sub("home", "home.kitchen.cookware", "Cookware Set", "tefal fissler zwilling", 25, 420),
  sub("home", "home.decor.lamp", "Table Lamp", "ikea philips", 12, 190),
  sub("home", "home.bedding", "Bedding Set", "ikea dreamland", 18, 160),
  sub("beauty", "beauty.skincare", "Face Cream", "loreal nivea clinique", 6, 95),
  sub("beauty", "beauty.fragrance", "Eau de Parfum", "chanel dior hugo", 35, 260),
  sub("beauty", "beauty.makeup", "Lipstick", "maybelline loreal mac", 5, 48),
  sub("beauty", "beauty.haircare", "Hair Dryer", "dyson philips remington", 18, 480),
  sub("sports", "sports.bicycle", "Bicycle", "trek giant cube", 280, 3200),
  sub("sports", "sports.fitness.treadmill", "Treadmill", "kettler proform", 350, 2400),
  sub("sports", "sports.camping.tent", "Tent", "coleman quechua", 40, 520),
  sub("sports", "sports.fitness.dumbbell", "Dumbbell Set", "kettler domyos", 15, 240),
  sub("books", "books.fiction", "Novel", "penguin harpercollins vintage", 7, 32),
  sub("books", "books.science", "Science Book", "oreilly springer wiley", 18, 95),
  sub("books", "books.children", "Picture Book", "scholastic usborne", 5, 24),
  sub("books", "books.cooking", "Cookbook", "phaidon penguin", 12, 55),
];

/** Model-line words used in product names. */
export const SERIES = [
  "Pro",
  "Air",
  "Lite",
  "Max",
  "Ultra",
  "Classic",
  "Neo",
  "Prime",
  "Edge",
  "Nova",
  "Flex",
  "Core",
] as const;

/** Name suffixes (colours, sizes), chosen per product. */
export const VARIANTS = [
  "Black",
  "White",
  "Silver",
  "Blue",
  "Red",
  "Green",
  "Grey",
  "Large",
  "Medium",
  "Compact",
] as const;

/** Warehouses stock is held in; each product lives in one. */
export const WAREHOUSES = ["AMS-1", "WAW-2", "NYC-1", "SAO-3"] as const;
