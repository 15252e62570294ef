/**
 * The user and session ids found in a quarantined record, noted for `anonymize`.
 *
 * A quarantine row keeps the record's text so a person can see what was wrong, but raw ids must
 * not reach a sink (design principle 6). Whoever quarantines a record and can still tell its
 * fields apart (validate, the CSV splitter) notes the id values here, keyed by the row object,
 * and `anonymize` replaces them in `raw` with their pseudonyms. A WeakMap keeps this out of the
 * row's shape and frees each note with its row.
 *
 * @module
 */

import type { QuarantineRow, TableName } from "./types.ts";

/** Raw id values by quarantine row. */
export const QUARANTINE_IDS: WeakMap<QuarantineRow, readonly string[]> = new WeakMap();

/** Field names holding user or session ids in the native layouts, by table. */
export const NATIVE_ID_FIELDS: Readonly<Record<TableName, readonly string[]>> = {
  activity: ["user_id", "user_session"],
  transactions: ["user_id"],
  inventory: [],
  reviews: ["user_id"],
};

/**
 * Notes the values of `names` in `fields` (text or numbers, not empty) as ids of `row`.
 *
 * @param row The quarantine row.
 * @param fields The record's fields by name.
 * @param names The id field names.
 */
export function noteQuarantineIds(
  row: QuarantineRow,
  fields: Record<string, unknown>,
  names: readonly string[],
): void {
  let ids: string[] | null = null;
  for (let i = 0; i < names.length; i++) {
    const value = fields[names[i]];
    if (typeof value === "number") (ids ??= []).push(String(value));
    else if (typeof value === "string" && value !== "") (ids ??= []).push(value);
  }
  if (ids !== null) QUARANTINE_IDS.set(row, ids);
}
