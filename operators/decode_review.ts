/**
 * Decoder for the native reviews layout.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import {
  isMissing,
  microsOf,
  optionalTextOf,
  quarantineTimeOf,
  textOf,
  timeOf,
} from "./decode_field.ts";
import type { RawRecord, Review } from "./types.ts";

/**
 * Decodes a native review (`review_id, user_id?, product_id?, order_id?, rating, title?, body?,
 * created_at`) into a {@linkcode Review}, or returns the first problem as a reason code, in
 * this order: `missing_field:<name>` for review_id, rating, created_at; `invalid_rating` for a
 * rating that is not an integer from 1 to 5 (text or number); `invalid_timestamp`;
 * `invalid_value:<name>` for an object or array where text belongs. Empty optional fields
 * become `null`.
 *
 * @param rec The raw record from a source.
 * @returns The review, or a quarantine reason code.
 *
 * @example
 * ```ts
 * decodeReview({ source: "reviews", position: "r.json:element 0", raw: "...", fields: {
 *   review_id: "r1", rating: 6, created_at: "2019-10-03T10:00:00Z" } }); // "invalid_rating"
 * ```
 */
export const decodeReview: Decoder<"reviews"> = (rec: RawRecord): Review | string => {
  const f = rec.fields;
  const reviewIdField = f.review_id;
  const ratingField = f.rating;
  const createdAtField = f.created_at;
  if (isMissing(reviewIdField)) return "missing_field:review_id";
  if (isMissing(ratingField)) return "missing_field:rating";
  if (isMissing(createdAtField)) return "missing_field:created_at";
  const ratingMicros = microsOf(ratingField);
  if (!(ratingMicros >= 1e6 && ratingMicros <= 5e6 && ratingMicros % 1e6 === 0)) {
    return "invalid_rating";
  }
  const eventTime = timeOf(createdAtField);
  if (eventTime !== eventTime) return "invalid_timestamp";
  const reviewId = textOf(reviewIdField);
  if (reviewId === undefined) return "invalid_value:review_id";
  const userId = optionalTextOf(f.user_id);
  if (userId === undefined) return "invalid_value:user_id";
  const productId = optionalTextOf(f.product_id);
  if (productId === undefined) return "invalid_value:product_id";
  const orderId = optionalTextOf(f.order_id);
  if (orderId === undefined) return "invalid_value:order_id";
  const title = optionalTextOf(f.title);
  if (title === undefined) return "invalid_value:title";
  const body = optionalTextOf(f.body);
  if (body === undefined) return "invalid_value:body";
  return {
    reviewId,
    userId,
    productId,
    orderId,
    rating: ratingMicros / 1e6,
    title,
    body,
    eventTime,
  };
};

decodeReview.eventTimeOf = (rec: RawRecord): number | null =>
  quarantineTimeOf(rec.fields.created_at);
