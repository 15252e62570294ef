/**
 * Writes `inventory.csv` and injects its faults. Messy-but-fixable rows (`text_normalized`,
 * `category_synonym`, `price_parsed`) are clean rows with one field written messily; the other
 * kinds are extra rows next to a clean row that repeat its stock level (so standardizing them
 * never changes the stock history): an adjustment with an empty stock level, an info row with
 * an empty category, and rows the validator must quarantine.
 *
 * @module
 */

import type { ChangeType } from "../../operators/types.ts";
import type { BufferedWriter } from "./buffered_writer.ts";
import type { Product } from "./catalog.ts";
import { FaultSchedule } from "./fault_schedule.ts";
import type { InventorySink } from "./inventory_ledger.ts";
import { messyCategory, messyPrice, messyText } from "./messy_text.ts";
import type { Prng } from "./prng.ts";
import { formatPlainTime } from "./time_format.ts";

/** The CSV header line of `inventory.csv`. */
export const INVENTORY_HEADER =
  "product_id,name,category,brand,unit_cost,price,stock_level,change,warehouse,updated_at";

/** Fix kinds, counted by the standardizer. */
export const INVENTORY_FIXES = [
  "text_normalized",
  "category_synonym",
  "price_parsed",
  "missing_stock_level",
  "missing_category",
] as const;

/** Quarantine kinds, named by the validator's reason codes. */
export const INVENTORY_QUARANTINE = ["missing_field:product_id", "invalid_timestamp"] as const;

interface Columns {
  id: string;
  name: string;
  category: string;
  brand: string;
  price: string;
  level: string;
  change: string;
  time: string;
}

/** Formats rows, injects faults on schedule, counts rows. */
export class InventoryWriter implements InventorySink {
  readonly faults: FaultSchedule;
  rows = 0;
  quarantined = 0;
  #out: BufferedWriter;
  #rng: Prng;

  /**
   * @param out the file writer (the header is written here)
   * @param rate fault rate
   * @param expectedRows rough number of clean rows
   * @param rng the fault stream
   */
  constructor(out: BufferedWriter, rate: number, expectedRows: number, rng: Prng) {
    this.#out = out;
    this.#rng = rng;
    this.faults = new FaultSchedule(
      [...INVENTORY_FIXES, ...INVENTORY_QUARANTINE],
      rate,
      expectedRows,
    );
    out.add(INVENTORY_HEADER + "\n");
  }

  /** Writes one clean row (possibly made messy) and any extra faulty row due after it. */
  row(product: Product, level: number, change: ChangeType, time: number): void {
    this.#write(product, level, change, time, this.faults.due());
  }

  /** Adds each fault kind not injected yet, on info rows at `time`. */
  finish(products: Product[], stock: Int32Array, time: number): void {
    for (const kind of this.faults.missing()) {
      const p = products[this.#rng.int(products.length)];
      this.#write(p, stock[p.index], "info", time, kind);
    }
  }

  #write(
    product: Product,
    level: number,
    change: ChangeType,
    time: number,
    kind: string | null,
  ): void {
    const c: Columns = {
      id: product.id,
      name: product.name,
      category: product.category,
      brand: product.brand,
      price: product.priceText,
      level: String(level),
      change,
      time: formatPlainTime(time),
    };
    if (kind === "text_normalized") {
      if (this.#rng.next() < 0.6) c.name = messyText(this.#rng, c.name);
      else c.brand = messyText(this.#rng, c.brand);
    } else if (kind === "category_synonym") c.category = messyCategory(this.#rng, c.category);
    else if (kind === "price_parsed") c.price = messyPrice(product.priceCents);
    this.#emit(product, c);
    if (
      kind === null || kind === "text_normalized" || kind === "category_synonym" ||
      kind === "price_parsed"
    ) {
      if (kind !== null) this.faults.count(kind);
      return;
    }
    const extra: Columns = { ...c };
    if (kind === "missing_stock_level") {
      extra.level = "";
      extra.change = "adjustment";
    } else if (kind === "missing_category") {
      extra.category = "";
      extra.change = "info";
    } else if (kind === "missing_field:product_id") extra.id = "";
    else extra.time = this.#rng.pick(["2025-13-45 99:00:00", "not a date", "31/31/2025 25:61"]);
    this.#emit(product, extra);
    if (kind.startsWith("missing_field") || kind === "invalid_timestamp") this.quarantined++;
    this.faults.count(kind);
  }

  #emit(p: Product, c: Columns): void {
    this.#out.add(
      c.id + "," + c.name + "," + c.category + "," + c.brand + "," + p.unitCostText + "," +
        c.price + "," +
        c.level + "," + c.change + "," + p.warehouse + "," + c.time + "\n",
    );
    this.rows++;
  }
}
