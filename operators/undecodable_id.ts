/**
 * Ids holding U+FFFD: bytes that were not UTF-8 (or a replacement character already in the
 * text), which must not be pseudonymized.
 *
 * @module
 */

import type { RecordOf, TableName } from "./types.ts";

/** The quarantine reason of an id holding U+FFFD, without its field. */
export const INVALID_ENCODING = "invalid_encoding";

/**
 * The reason to quarantine a decoded record whose user or session id holds U+FFFD, or `null`.
 * Inputs are decoded with a replacement character for each byte sequence that is not UTF-8, so
 * `jos\xe9` and `jos\xe8` of a Latin-1 export both read `jos\uFFFD`: two users would get one
 * pseudonym and merge in every report. Other fields keep their replacement characters.
 *
 * @param table the record's table
 * @param record the decoded record, ids still raw
 * @returns `invalid_encoding:user_id`, `invalid_encoding:user_session` or `null`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const review = { reviewId: "r1", userId: "jos\uFFFD", productId: null, orderId: null,
 *   rating: 5, title: null, body: null, eventTime: 0 };
 * assert.equal(undecodableId("reviews", review), "invalid_encoding:user_id");
 * assert.equal(undecodableId("reviews", { ...review, userId: null }), null);
 * ```
 */
export function undecodableId(table: TableName, record: RecordOf[TableName]): string | null {
  if (table === "inventory") return null;
  const ids = record as { userId: string | null; userSession?: string };
  // One-byte strings (nearly every id) answer `includes` of a two-byte character at once.
  if (ids.userId !== null && ids.userId.includes("\uFFFD")) return `${INVALID_ENCODING}:user_id`;
  if (ids.userSession?.includes("\uFFFD")) return `${INVALID_ENCODING}:user_session`;
  return null;
}
