/**
 * The validate operator: raw records in, canonical records and quarantine rows out.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import { decodeActivity } from "./decode_activity.ts";
import { decodeInventory } from "./decode_inventory.ts";
import { decodeReview } from "./decode_review.ts";
import { decodeTransaction } from "./decode_transaction.ts";
import type { Decoder, Decoders } from "./decoder.ts";
import { detachString } from "./detach_string.ts";
import { NATIVE_COLUMNS } from "./native_columns.ts";
import { NATIVE_ID_FIELDS, noteQuarantineIds } from "./quarantine_ids.ts";
import type {
  AnyBatch,
  QuarantineRow,
  RawBatch,
  RawRecord,
  TableName,
  Transaction,
} from "./types.ts";

export type { Decoder, Decoders } from "./decoder.ts";

/** The decoders of the native ("shopease") layouts. */
export const NATIVE_DECODERS: Decoders = {
  activity: decodeActivity,
  transactions: decodeTransaction,
  inventory: decodeInventory,
  reviews: decodeReview,
};

/**
 * Decodes each raw batch into a batch of canonical records. A record that does not decode
 * becomes a quarantine row with the decoder's reason code, its source, position and raw text,
 * and its event time when that could be parsed. The source's own quarantine rows
 * (`malformed_csv`, `malformed_json`) are carried over, so `records + quarantine` of the output
 * equals `records + quarantine` of the input.
 *
 * The layout and fields of each rejected record are noted for `anonymize`, which rebuilds the
 * row's text without raw ids.
 *
 * Transactions also get `duplicate_id`: a transaction id already accepted earlier in this
 * subscription's stream (the first valid occurrence stays valid; a rejected line does not claim
 * its id). The ids are kept in a Set, so memory grows with the number of distinct ids.
 *
 * @param decoders Decoders per table, replacing the native ones for the tables given.
 * @returns An operator from raw batches to batches of canonical records.
 *
 * @example
 * ```ts
 * from(fileSource({ table: "transactions", paths })).pipe(validate()).subscribe((batch) => {
 *   console.log(batch.records.length, "valid", batch.quarantine.length, "quarantined");
 * });
 * ```
 */
export function validate(decoders?: Partial<Decoders>): OperatorFunction<RawBatch, AnyBatch> {
  const chosen: Decoders = { ...NATIVE_DECODERS, ...decoders };
  return (source) =>
    new Observable<AnyBatch>((subscriber) => {
      const seenTransactionIds = new Set<string>();
      return source.subscribe({
        next(batch) {
          let out: AnyBatch;
          try {
            out = decodeBatch(batch, chosen[batch.table], seenTransactionIds);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(out);
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function decodeBatch(
  batch: RawBatch,
  decode: Decoder<TableName>,
  seenTransactionIds: Set<string>,
): AnyBatch {
  const raws = batch.records;
  const records: AnyBatch["records"][number][] = [];
  const quarantine: QuarantineRow[] = batch.quarantine.slice();
  const dedupe = batch.table === "transactions";
  const idFields = decode.idFields ?? NATIVE_ID_FIELDS[batch.table];
  const knownFields = decode.fields ?? NATIVE_COLUMNS[batch.table];
  for (let i = 0; i < raws.length; i++) {
    const rec = raws[i];
    const result = decode(rec);
    if (typeof result === "string") {
      const eventTime = decode.eventTimeOf === undefined ? null : decode.eventTimeOf(rec);
      quarantine.push(quarantineRow(rec, result, eventTime, idFields, knownFields));
      continue;
    }
    if (dedupe) {
      const id = (result as Transaction).transactionId;
      if (seenTransactionIds.has(id)) {
        quarantine.push(
          quarantineRow(rec, "duplicate_id", result.eventTime, idFields, knownFields),
        );
        continue;
      }
      seenTransactionIds.add(detachString(id));
    }
    records.push(result);
  }
  return { table: batch.table, records, quarantine } as AnyBatch;
}

function quarantineRow(
  rec: RawRecord,
  reason: string,
  eventTime: number | null,
  idFields: readonly string[],
  knownFields: readonly string[],
): QuarantineRow {
  const row = { source: rec.source, position: rec.position, reason, raw: rec.raw, eventTime };
  noteQuarantineIds(row, rec, idFields, knownFields);
  return row;
}
