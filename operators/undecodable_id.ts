/**
 * Ids whose text is not whole (U+FFFD for bytes that were not UTF-8, a lone surrogate from a JSON
 * escape): pseudonymized, two ids would become one.
 *
 * @module
 */

import type { RecordOf, TableName } from "./types.ts";

/** The quarantine reason of an id holding U+FFFD, without its field. */
export const INVALID_ENCODING = "invalid_encoding";

/**
 * The reason to quarantine a decoded record whose id text was not whole, or `null`. Inputs are
 * decoded with U+FFFD for each byte sequence that is not UTF-8, so `jos\xe9` and `jos\xe8` of a
 * Latin-1 export both read `jos\uFFFD`; and a JSON `\ud800` escape leaves a lone surrogate, which
 * the HMAC encodes as the bytes of U+FFFD. Such user or session ids would give two people one
 * pseudonym (merged in every report); such transaction ids would make the second of two
 * purchases a `duplicate_id`. Other fields keep their text.
 *
 * @param table the record's table
 * @param record the decoded record, ids still raw
 * @returns `invalid_encoding:<field>` (`user_id`, `user_session`, `transaction_id`) or `null`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const review = { reviewId: "r1", userId: "jos\uFFFD", productId: null, orderId: null,
 *   rating: 5, title: null, body: null, eventTime: 0 };
 * assert.equal(undecodableId("reviews", review), "invalid_encoding:user_id");
 * assert.equal(undecodableId("reviews", { ...review, userId: "jos\ud800" }),
 *   "invalid_encoding:user_id");
 * assert.equal(undecodableId("reviews", { ...review, userId: null }), null);
 * ```
 */
export function undecodableId(table: TableName, record: RecordOf[TableName]): string | null {
  if (table === "inventory") return null;
  const ids = record as { userId: string | null; userSession?: string; transactionId?: string };
  if (ids.userId !== null && !wholeText(ids.userId)) return `${INVALID_ENCODING}:user_id`;
  if (ids.userSession !== undefined && !wholeText(ids.userSession)) {
    return `${INVALID_ENCODING}:user_session`;
  }
  if (ids.transactionId !== undefined && !wholeText(ids.transactionId)) {
    return `${INVALID_ENCODING}:transaction_id`;
  }
  return null;
}

/** No U+FFFD and no lone surrogate; one-byte strings (nearly every id) answer at once. */
function wholeText(id: string): boolean {
  return !id.includes("\uFFFD") && id.isWellFormed();
}
