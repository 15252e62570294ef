/**
 * What `anonymize` needs to rebuild a quarantined record's text without raw ids.
 *
 * A quarantine row keeps what can be kept of the record's text so a person can see what was
 * wrong, but raw ids must not reach a sink (design principle 6). Whoever quarantines a record
 * whose fields are known with certainty (validate) notes its layout and fields here, keyed by
 * the row object, and `anonymize` rebuilds `raw` from them (see redact_raw.ts). A row without a
 * note keeps no text at all: its fields, and so its ids, could not be told apart. A WeakMap
 * keeps this out of the row's shape and frees each note with its row.
 *
 * @module
 */

import type { RedactionPlan } from "./redact_raw.ts";
import type { QuarantineRow, RawRecord, TableName } from "./types.ts";

/** Redaction plans by quarantine row. */
export const QUARANTINE_PLANS: WeakMap<QuarantineRow, RedactionPlan> = new WeakMap();

/** Field names holding user or session ids in the native layouts, by table. */
export const NATIVE_ID_FIELDS: Readonly<Record<TableName, readonly string[]>> = {
  activity: ["user_id", "user_session"],
  transactions: ["user_id"],
  inventory: [],
  reviews: ["user_id"],
};

/**
 * Notes how to rebuild `row.raw` from the record it was made of, when the source said how it
 * read the record (its `layout`); otherwise nothing is noted and the row keeps no text.
 *
 * @param row The quarantine row.
 * @param rec The record it was made of.
 * @param idFields The field names holding ids.
 * @param knownFields The field names the format reads (the ids included).
 */
export function noteQuarantineIds(
  row: QuarantineRow,
  rec: RawRecord,
  idFields: readonly string[],
  knownFields: readonly string[],
): void {
  const layout = rec.layout;
  if (layout !== undefined) {
    QUARANTINE_PLANS.set(row, { layout, fields: rec.fields, idFields, knownFields });
  }
}
