/**
 * The built-in source formats (`--format <name>`): the native layout and presets for widely
 * used e-commerce exports.
 *
 * @module
 */

import {
  createOlistProductDecoder,
  OLIST_PRODUCT_COLUMNS,
} from "../../operators/decode_olist_product.ts";
import { decodeOlistReview, OLIST_REVIEW_COLUMNS } from "../../operators/decode_olist_review.ts";
import {
  createOnlineRetailDecoder,
  ONLINE_RETAIL_COLUMNS,
} from "../../operators/decode_online_retail.ts";
import { decodeActivity } from "../../operators/decode_activity.ts";
import type { TableName } from "../../operators/types.ts";
import { resolve } from "node:path";
import { log } from "../log.ts";
import { UsageError } from "../options.ts";
import { findTranslations, loadTranslations, TRANSLATIONS_FILE } from "./load_translations.ts";
import type { SourceFormat } from "./source_format.ts";

/** What a preset may need to know about the run before it can decode. */
export interface FormatLoadOptions {
  /** The input files the preset will read (a preset may look for companions beside them). */
  files: readonly string[];
  /** `--translations`: the Olist category translation table, for `olist-products`. */
  translations?: string;
}

/** A named preset: its table and how to make it ready for a run. */
export interface FormatPreset {
  /** One line for `--help`. */
  about: string;
  /** The table every input file feeds; `undefined` to choose by file name. */
  table?: TableName;
  /** Makes the format ready for these inputs (loads companion files). */
  load(options: FormatLoadOptions): Promise<SourceFormat>;
}

/** The REES46 clickstream columns, in file order. */
export const REES46_COLUMNS: readonly string[] = [
  "event_time",
  "event_type",
  "product_id",
  "category_id",
  "category_code",
  "brand",
  "price",
  "user_id",
  "user_session",
];

// Exports in no time order: a lateness of 100 years keeps every row (nothing is "late").
const UNORDERED_LATENESS = 36_500 * 86_400_000;

/**
 * The presets by name. Each `load()` returns a {@linkcode SourceFormat} whose `decoders()` makes
 * fresh decoders per run, so a Kafka consumer can call it per partition stream as well.
 *
 * - `shopease`: the native layouts, tables chosen by file name (the default);
 * - `rees46`: REES46 clickstream → activity, with or without a header row;
 * - `online-retail`: UCI Online Retail → transactions (rules in decode_online_retail.ts);
 * - `olist-reviews`: Olist order reviews → reviews;
 * - `olist-products`: Olist catalog → inventory `info` records, categories translated.
 *
 * @example
 * ```ts
 * const format = await FORMAT_PRESETS.rees46.load({ files: ["2019-Oct.csv"] });
 * format.table; // "activity"
 * ```
 */
export const FORMAT_PRESETS: Readonly<Record<string, FormatPreset>> = {
  shopease: {
    about: "native layouts; tables by file name (activity*, transactions*, inventory*, reviews*)",
    load: (options) => {
      noTranslations("shopease", options);
      return Promise.resolve({
        name: "shopease",
        header: "auto",
        requiredColumns: [],
        companions: [],
        decoders: () => ({}),
      });
    },
  },
  rees46: {
    about: "REES46 clickstream CSV (event_time,event_type,...,user_session) → activity",
    table: "activity",
    load: (options) => {
      noTranslations("rees46", options);
      return Promise.resolve({
        name: "rees46",
        table: "activity",
        currency: "USD",
        header: "auto",
        columns: REES46_COLUMNS,
        requiredColumns: ["event_time", "event_type", "product_id", "user_id", "user_session"],
        companions: [],
        decoders: () => ({ activity: decodeActivity }),
      });
    },
  },
  "online-retail": {
    about: "UCI Online Retail CSV (InvoiceNo,StockCode,...,Country) → transactions",
    table: "transactions",
    load: (options) => {
      noTranslations("online-retail", options);
      return Promise.resolve({
        name: "online-retail",
        table: "transactions",
        currency: "GBP",
        header: "auto",
        columns: ONLINE_RETAIL_COLUMNS,
        requiredColumns: [
          "InvoiceNo",
          "StockCode",
          "Quantity",
          "InvoiceDate",
          "UnitPrice",
          "CustomerID",
        ],
        companions: [],
        decoders: () => ({ transactions: createOnlineRetailDecoder() }),
      });
    },
  },
  "olist-reviews": {
    about: "Olist order reviews CSV → reviews (any time order)",
    table: "reviews",
    load: (options) => {
      noTranslations("olist-reviews", options);
      return Promise.resolve({
        name: "olist-reviews",
        table: "reviews",
        header: "auto",
        columns: OLIST_REVIEW_COLUMNS,
        requiredColumns: ["review_id", "review_score", "review_creation_date"],
        lateness: UNORDERED_LATENESS,
        companions: [],
        decoders: () => ({ reviews: decodeOlistReview }),
      });
    },
  },
  "olist-products": {
    about: "Olist product catalog CSV → inventory info records, categories translated " +
      "(--translations, or product_category_name_translation.csv beside the input)",
    table: "inventory",
    load: loadOlistProducts,
  },
};

/** The preset names, for `--format` choices. */
export const FORMAT_NAMES: readonly string[] = Object.keys(FORMAT_PRESETS);

async function loadOlistProducts(options: FormatLoadOptions): Promise<SourceFormat> {
  const path = options.translations ?? await findTranslations(options.files);
  let translations = new Map<string, string>();
  if (path === undefined) {
    log.warn(
      `olist-products: no ${TRANSLATIONS_FILE} beside the input and no --translations: ` +
        `category names stay in Portuguese`,
    );
  } else {
    translations = await loadTranslations(path);
    log.info(`olist-products: ${translations.size} category names translated by ${path}`);
  }
  const companion = path === undefined ? [] : [resolve(path)];
  return {
    name: "olist-products",
    table: "inventory",
    currency: "BRL",
    header: "auto",
    columns: OLIST_PRODUCT_COLUMNS,
    requiredColumns: ["product_id", "product_category_name"],
    companions: companion,
    decoders: () => ({ inventory: createOlistProductDecoder(translations) }),
  };
}

function noTranslations(name: string, options: FormatLoadOptions): void {
  if (options.translations !== undefined) {
    throw new UsageError(
      `--translations applies to --format olist-products only, not ${name}`,
    );
  }
}
