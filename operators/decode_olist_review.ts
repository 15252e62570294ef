/**
 * Decoder for the Olist order reviews export.
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

/** The Olist reviews columns, in file order. */
export const OLIST_REVIEW_COLUMNS: readonly string[] = [
  "review_id",
  "order_id",
  "review_score",
  "review_comment_title",
  "review_comment_message",
  "review_creation_date",
  "review_answer_timestamp",
];

/**
 * Decodes an Olist review (`review_id, order_id, review_score, review_comment_title,
 * review_comment_message, review_creation_date, review_answer_timestamp`) into a
 * {@linkcode Review}: `review_score` → rating, the comment title and message → title and body
 * (as written: Portuguese text, line breaks kept), `review_creation_date` (UTC) → created_at,
 * `order_id` → order id. Olist reviews name no user or product, so both are `null`; the answer
 * timestamp has no canonical field. Reason codes, the first that applies, in this order:
 * `missing_field:review_id`, `missing_field:rating`, `missing_field:created_at`,
 * `invalid_rating` (not an integer 1–5), `invalid_timestamp`, `invalid_value:<name>` for an
 * object or array where text belongs (JSON input).
 *
 * @param rec The raw record from a source.
 * @returns The review, or a quarantine reason code.
 *
 * @example
 * ```ts
 * decodeOlistReview({ source: "reviews", position: "r.csv:line 5", raw: "...", fields: {
 *   review_id: "e64fb393", order_id: "658677c9", review_score: "5", review_comment_title: "",
 *   review_comment_message: "Recebi bem antes do prazo estipulado.",
 *   review_creation_date: "2017-04-21 00:00:00", review_answer_timestamp: "2017-04-21 22:02:06",
 * } }); // { reviewId: "e64fb393", rating: 5, body: "Recebi bem antes do prazo estipulado.", ... }
 * ```
 */
export const decodeOlistReview: Decoder<"reviews"> = (rec: RawRecord): Review | string => {
  const f = rec.fields;
  const reviewIdField = f.review_id;
  const scoreField = f.review_score;
  const createdField = f.review_creation_date;
  if (isMissing(reviewIdField)) return "missing_field:review_id";
  if (isMissing(scoreField)) return "missing_field:rating";
  if (isMissing(createdField)) return "missing_field:created_at";
  const score = microsOf(scoreField);
  if (!(score >= 1e6 && score <= 5e6 && score % 1e6 === 0)) return "invalid_rating";
  const eventTime = timeOf(createdField);
  if (eventTime !== eventTime) return "invalid_timestamp";
  const reviewId = textOf(reviewIdField);
  if (reviewId === undefined) return "invalid_value:review_id";
  const orderId = optionalTextOf(f.order_id);
  if (orderId === undefined) return "invalid_value:order_id";
  const title = optionalTextOf(f.review_comment_title);
  if (title === undefined) return "invalid_value:title";
  const body = optionalTextOf(f.review_comment_message);
  if (body === undefined) return "invalid_value:body";
  return {
    reviewId,
    userId: null,
    productId: null,
    orderId,
    rating: score / 1e6,
    title,
    body,
    eventTime,
  };
};

decodeOlistReview.eventTimeOf = (rec: RawRecord): number | null =>
  quarantineTimeOf(rec.fields.review_creation_date);

decodeOlistReview.idFields = [];
decodeOlistReview.fields = OLIST_REVIEW_COLUMNS;
