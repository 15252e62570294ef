/**
 * Valid seed records for every table and format preset, with marker ids, from which the
 * hostile files are made. Each seed, written plainly, is read by the product as all valid.
 *
 * @module
 */

import { NATIVE_COLUMNS } from "../../operators/native_columns.ts";
import { numericMarker, sessionMarker, userMarker } from "./markers.ts";

/** A source the fuzzer knows: a table in a layout. */
export interface Seed {
  /** Short name for messages. */
  name: string;
  /** The table the rows feed. */
  table: "activity" | "transactions" | "inventory" | "reviews";
  /** `--format` preset; absent for the native layout. */
  format?: string;
  /** Containers this layout may come in. */
  containers: readonly ("csv" | "ndjson" | "json")[];
  /** File name stem (native files are assigned to tables by name). */
  stem: string;
  /** Column order. */
  columns: readonly string[];
  /** Columns holding user or session ids (hold markers). */
  idColumns: readonly string[];
  /** A free-text column (gets accents, quotes, line breaks). */
  textColumn: string;
  /** Columns whose JSON value may be a number. */
  numericColumns: readonly string[];
  /** Seed record `k` (0-based). */
  record(k: number): Record<string, string>;
  /** Runs with the preset need these extra arguments. */
  args?: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, "0");
/** Minute `k` after 2024-10-01 00:00 UTC in `YYYY-MM-DD HH:MM:SS`, plus a suffix. */
const minute = (k: number, suffix = "") =>
  `2024-10-01 ${pad(Math.floor(k / 60) % 24)}:${pad(k % 60)}:00${suffix}`;
const iso = (k: number) => `2024-10-01T${pad(Math.floor(k / 60) % 24)}:${pad(k % 60)}:00.000Z`;
const TYPES = ["view", "view", "cart", "purchase"];

/** Every seed. */
export const SEEDS: readonly Seed[] = [
  {
    name: "native activity",
    table: "activity",
    containers: ["csv", "ndjson", "json"],
    stem: "activity",
    columns: [...NATIVE_COLUMNS.activity],
    idColumns: ["user_id", "user_session"],
    textColumn: "brand",
    numericColumns: ["price", "user_id"],
    record: (k) => ({
      event_time: minute(k, " UTC"),
      event_type: TYPES[k % 4],
      product_id: String(1_000_100 + k),
      category_id: "2053013552326770905",
      category_code: "electronics.smartphone",
      brand: k % 2 ? "Nestlé" : "samsung",
      price: (12.5 + k).toFixed(2),
      user_id: userMarker(100 + k),
      user_session: sessionMarker(100 + k),
      event_id: `ev${k}`,
    }),
  },
  {
    name: "native transactions",
    table: "transactions",
    containers: ["ndjson", "csv", "json"],
    stem: "transactions",
    columns: [...NATIVE_COLUMNS.transactions],
    idColumns: ["user_id"],
    textColumn: "country",
    numericColumns: ["quantity", "unit_price", "user_id"],
    record: (k) => ({
      transaction_id: `tx${k}`,
      order_id: `o${k}`,
      user_id: userMarker(200 + k),
      product_id: String(1_000_100 + k),
      quantity: String(1 + (k % 3)),
      unit_price: (19.99 + k).toFixed(2),
      type: "purchase",
      timestamp: iso(k),
      country: "DE",
      payment_method: "card",
    }),
  },
  {
    name: "native inventory",
    table: "inventory",
    containers: ["csv", "ndjson", "json"],
    stem: "inventory",
    columns: [...NATIVE_COLUMNS.inventory],
    idColumns: [],
    textColumn: "name",
    numericColumns: ["unit_cost", "price", "stock_level"],
    record: (k) => ({
      product_id: String(1_000_100 + k),
      name: `Café Mug ${k}`,
      category: "electronics",
      brand: "acme",
      unit_cost: "5.25",
      price: "9.99",
      stock_level: String(10 + k),
      change: "snapshot",
      warehouse: "NYC-1",
      updated_at: minute(k),
    }),
  },
  {
    name: "native reviews",
    table: "reviews",
    containers: ["json", "ndjson", "csv"],
    stem: "reviews",
    columns: [...NATIVE_COLUMNS.reviews],
    idColumns: ["user_id"],
    textColumn: "body",
    numericColumns: ["rating", "user_id"],
    record: (k) => ({
      review_id: `rv${k}`,
      user_id: userMarker(300 + k),
      product_id: String(1_000_100 + k),
      order_id: `o${k}`,
      rating: String(1 + (k % 5)),
      title: "Très bien",
      body: `Good, said "me" ${k}`,
      created_at: iso(k),
    }),
  },
  {
    name: "rees46",
    table: "activity",
    format: "rees46",
    containers: ["csv"],
    stem: "2019-Oct",
    columns: [
      "event_time",
      "event_type",
      "product_id",
      "category_id",
      "category_code",
      "brand",
      "price",
      "user_id",
      "user_session",
    ],
    idColumns: ["user_id", "user_session"],
    textColumn: "brand",
    numericColumns: ["user_id"],
    record: (k) => ({
      event_time: minute(k, " UTC"),
      event_type: TYPES[k % 4],
      product_id: String(44_600_062 + k),
      category_id: "2103807459595387724",
      category_code: "",
      brand: k % 2 ? "shiseido" : "Nestlé",
      price: (35.79 + k).toFixed(2),
      user_id: numericMarker(400 + k),
      user_session: sessionMarker(400 + k),
    }),
  },
  {
    name: "online-retail",
    table: "transactions",
    format: "online-retail",
    containers: ["csv"],
    stem: "2011-04-15",
    columns: [
      "InvoiceNo",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "UnitPrice",
      "CustomerID",
      "Country",
    ],
    idColumns: ["CustomerID"],
    textColumn: "Description",
    numericColumns: ["CustomerID"],
    record: (k) => ({
      InvoiceNo: String(550_192 + k),
      StockCode: String(22_348 + k),
      Description: k % 2 ? "TEA BAG PLATE RED" : "CAFÉ SET, BLUE",
      Quantity: String(6 + k),
      InvoiceDate: minute(k).slice(0, 16),
      UnitPrice: (0.85 + k).toFixed(2),
      CustomerID: `${numericMarker(500 + k)}.0`,
      Country: "Finland",
    }),
  },
  {
    name: "olist-reviews",
    table: "reviews",
    format: "olist-reviews",
    containers: ["csv"],
    stem: "olist_order_reviews",
    columns: [
      "review_id",
      "order_id",
      "review_score",
      "review_comment_title",
      "review_comment_message",
      "review_creation_date",
      "review_answer_timestamp",
    ],
    idColumns: [],
    textColumn: "review_comment_message",
    numericColumns: ["review_score"],
    record: (k) => ({
      review_id: `7bc2406110b926393aa56f80a40eba${pad(k)}`,
      order_id: `73fc7af87114b39712e6da79b0a377${pad(k)}`,
      review_score: String(1 + (k % 5)),
      review_comment_title: k % 2 ? "" : "recomendo",
      review_comment_message: k % 3 ? "" : "Produto ótimo,\nchegou antes do prazo",
      review_creation_date: minute(k).slice(0, 10) + " 00:00:00",
      review_answer_timestamp: minute(k + 60),
    }),
  },
];
