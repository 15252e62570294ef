/**
 * Canonical records and micro-batch shapes shared by every part of the pipeline.
 *
 * Timestamps are milliseconds since the Unix epoch, UTC ("event time"). Money is kept twice:
 * `unitPrice` as the nearest float for the lake, and `unitPriceMicros` (price × 10⁶ as an exact
 * integer parsed from the decimal text) for the reports, which must be exact to the cent.
 *
 * @module
 */

import type { EventType, TableName } from "./registry.ts";

export type { EventType, TableName };

/** Transaction line types. Refund and return lines carry positive quantity and price; they subtract. */
export type TransactionType = "purchase" | "refund" | "return";

/** Inventory change kinds. */
export type ChangeType = "snapshot" | "restock" | "adjustment" | "info";

/** One clickstream event. `userId` and `userSession` are pseudonyms once past `anonymize`. */
export interface ActivityEvent {
  eventId: string;
  eventTime: number;
  eventType: EventType;
  productId: string;
  categoryId: string | null;
  categoryCode: string | null;
  brand: string | null;
  price: number | null;
  userId: string;
  userSession: string;
}

/** One transaction line. */
export interface Transaction {
  transactionId: string;
  orderId: string;
  userId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  /** Exact unit price in millionths (integer). */
  unitPriceMicros: number;
  type: TransactionType;
  eventTime: number;
  country: string | null;
  paymentMethod: string | null;
}

/** One inventory update; `stockLevel` is units on hand after the update. */
export interface InventoryUpdate {
  productId: string;
  name: string;
  category: string;
  brand: string | null;
  unitCost: number | null;
  price: number | null;
  /** Null only before `standardizeInventory` carries the last known level forward. */
  stockLevel: number | null;
  change: ChangeType;
  warehouse: string | null;
  eventTime: number;
}

/** One customer review. */
export interface Review {
  reviewId: string;
  userId: string | null;
  productId: string | null;
  orderId: string | null;
  rating: number;
  title: string | null;
  body: string | null;
  eventTime: number;
}

/** Maps each table to its canonical record type. */
export interface RecordOf {
  activity: ActivityEvent;
  transactions: Transaction;
  inventory: InventoryUpdate;
  reviews: Review;
}

/**
 * A record that could not become a canonical record, with a stable reason code such as
 * `missing_field:user_id`, `invalid_number:quantity`, `invalid_timestamp`, `invalid_quantity`,
 * `invalid_price`, `invalid_encoding:user_id`, `implausible_time`, `unknown_type`,
 * `duplicate_id`, `malformed_json`, `malformed_csv`, `late`.
 */
export interface QuarantineRow {
  /** Which input: the table name for files (`transactions`), or `topic` for Kafka. */
  source: string;
  /** Where in the input: `file.csv:line 12`, `file.json:element 3`, `topic/0@1234`. */
  position: string;
  reason: string;
  /**
   * What is kept of the record's text. Raw ids never reach a sink, so this is never the input
   * as read when the input can hold an id (see docs/FORMATS.md, "What quarantine keeps"):
   *
   * - a record whose fields are known with certainty (a CSV row with exactly its header's
   *   column count, a JSON object that `JSON.parse` accepted) is rewritten from those fields by
   *   `anonymize`: id fields hold their pseudonyms, fields the format knows as non-ids keep their
   *   values, any other field's value reads `[redacted]` (CSV) or is left out (JSON);
   * - a record whose fields are not known with certainty (a CSV row with the wrong field count
   *   or a stray quote, text that is not a JSON object) keeps NO text: `raw` is `""` and
   *   `position` says where to fetch it from the source (`file:line N, byte B`, or the Kafka
   *   offset). Guessing where the ids stand was tried and failed: a shifted row puts an id where
   *   a price stood, and numbers are no proof of a non-id (REES46 user ids are numbers).
   */
  raw: string;
  /** The record's event time when it could be parsed, used only to choose a lake partition. */
  eventTime: number | null;
}

/**
 * A record as read from a source, before decoding. A source may make `position` and `raw` only
 * when they are read (CSV records do: pipeline/sources/csv_record.ts), so read them by name
 * rather than copying the record with a spread.
 */
export interface RawRecord {
  /** The table this record is for. */
  source: string;
  position: string;
  raw: string;
  /** Named fields: CSV columns by header name, or the parsed JSON object. */
  fields: Record<string, unknown>;
  /**
   * When the record reached its source, ms since the epoch, when the source says (a Kafka
   * message's timestamp): `--max-future` is measured from it, so a message read again later is
   * judged the same (see `PlausibleTime.maxFuture`). Files have none.
   */
  arrivedAt?: number;
  /**
   * How `raw` was read into `fields`, so a quarantined record's text can be rebuilt without
   * its ids; absent when the source cannot say (such a record keeps no text in quarantine).
   */
  layout?: RecordLayout;
}

/**
 * How a source read a record: CSV with a delimiter and the file's column names (in file order,
 * spelled as the format knows them), or a JSON object.
 */
export type RecordLayout =
  | { readonly format: "csv"; readonly delimiter: string; readonly names: readonly string[] }
  | { readonly format: "json" };

/** A micro-batch as produced by a source. */
export interface RawBatch {
  table: TableName;
  records: RawRecord[];
  /** Records the source itself could not parse (`malformed_json`, `malformed_csv`). */
  quarantine: QuarantineRow[];
  /** Progress of the underlying input, for progress bars: bytes consumed so far and in total. */
  bytesRead: number;
  bytesTotal: number;
  /**
   * Set by a source that has already decoded, checked and pseudonymized its records (a source
   * worker, pipeline/sources/worker_source.ts); `records` and `quarantine` are then empty,
   * `validate` hands this batch on as it is and `anonymize` leaves it alone.
   */
  decoded?: AnyBatch;
}

/** A micro-batch of canonical records of one table, with the rows quarantined on the way. */
export interface Batch<T extends TableName = TableName> {
  table: T;
  records: RecordOf[T][];
  quarantine: QuarantineRow[];
  /**
   * The table's watermark after this batch (largest event time seen minus allowed lateness),
   * set by the `watermark` operator; `undefined` before it. `Infinity` marks end of input.
   */
  watermark?: number;
  /** Ids already replaced by pseudonyms (and quarantine text rebuilt): `anonymize` skips it. */
  pseudonymized?: boolean;
}

/** Any batch, discriminated by `table`. */
export type AnyBatch = {
  [K in TableName]: Batch<K>;
}[TableName];
