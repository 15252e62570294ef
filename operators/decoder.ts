/**
 * The decoder contract: how a source format's raw record becomes a canonical record.
 *
 * @module
 */

import type { RawRecord, RecordOf, TableName } from "./types.ts";

/**
 * Decodes one raw record into the canonical record of table `T`, or returns the quarantine
 * reason code (`missing_field:user_id`, `invalid_timestamp`, ...). Decoders are pure and must
 * not throw on bad data. Every source format (the native layout, presets, mapping files)
 * supplies one decoder per table it feeds.
 *
 * `eventTimeOf`, when present, reads the event time of a record the decoder rejected, so its
 * quarantine row lands in the right lake partition; without it that time is `null`.
 * `idFields`, when present, names the raw fields that hold user or session ids, so `anonymize`
 * can replace them in a rejected record's text; without it the native names are assumed
 * (`user_id`, and `user_session` for activity). `fields`, when present, names every raw field
 * the decoder reads (the ids included): a CSV header is matched against them case- and
 * space-insensitively, and a rejected record keeps only their values (see redact_raw.ts);
 * without it the native columns are assumed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const decode: Decoder<"reviews"> = (rec) =>
 *   typeof rec.fields.id === "string"
 *     ? { reviewId: rec.fields.id, userId: null, productId: null, orderId: null, rating: 5,
 *       title: null, body: null, eventTime: 0 }
 *     : "missing_field:id";
 * assert.equal(decode({ source: "reviews", position: "r.csv:line 2", raw: "", fields: {} }),
 *   "missing_field:id");
 * ```
 */
export type Decoder<T extends TableName> = {
  (rec: RawRecord): RecordOf[T] | string;
  eventTimeOf?: (rec: RawRecord) => number | null;
  idFields?: readonly string[];
  fields?: readonly string[];
};

/** One decoder per table. */
export type Decoders = { [K in TableName]: Decoder<K> };
