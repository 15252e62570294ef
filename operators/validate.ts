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
import { IMPLAUSIBLE_TIME, isPlausibleTime, type PlausibleTime } from "./plausible_time.ts";
import { RecentIds } from "./recent_ids.ts";
import { undecodableId } from "./undecodable_id.ts";
import type {
  AnyBatch,
  QuarantineRow,
  RawBatch,
  RawRecord,
  TableName,
  Transaction,
} from "./types.ts";

export type { Decoder, Decoders } from "./decoder.ts";

/** Checks of `validate` beyond the decoders'. */
export interface ValidateOptions {
  /**
   * Records with an event time outside this window are quarantined as `implausible_time`
   * (with a `null` event time: a year-9999 date must not choose a lake partition). A function
   * is called once per batch, so a live run's window can follow its clock; a replay passes the
   * window of its start, so its output does not depend on when it runs. No check when absent.
   */
  plausibleTime?: PlausibleTime | (() => PlausibleTime);
  /**
   * How long, in ms of event time, an accepted transaction id is remembered for `duplicate_id`
   * (see `RecentIds`); `Infinity` (the default) remembers every id, so memory grows with them.
   */
  dedupeWindow?: number;
}

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
 * its id). The ids are remembered for `options.dedupeWindow` of event time (default: for
 * ever, so memory grows with the number of distinct ids); a repeat of an id accepted more than
 * that window before the newest transaction is accepted again.
 *
 * A decoded record whose user or session id holds U+FFFD (bytes that were not UTF-8) becomes
 * `invalid_encoding:<field>` (see `undecodableId`): ids differing only in such bytes would
 * otherwise share one pseudonym.
 *
 * With `options.plausibleTime`, a decoded record dated outside the window becomes
 * `implausible_time` before the duplicate check (so it does not claim its transaction id).
 *
 * @param decoders Decoders per table, replacing the native ones for the tables given.
 * @param options The plausible event-time window.
 * @returns An operator from raw batches to batches of canonical records.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * const line = (n: number, id: string) => ({ source: "transactions", position: `t.csv:line ${n}`,
 *   raw: "...", fields: { transaction_id: id, order_id: "o1", user_id: "u1", product_id: "p1",
 *     quantity: "1", unit_price: "9.99", type: "purchase", timestamp: "2019-10-01T12:00:00Z" } });
 * // In a replay the raw batches come from `fileSource`; here, one batch by hand.
 * const raw = { table: "transactions" as const, bytesRead: 0, bytesTotal: 0, quarantine: [],
 *   records: [line(2, "t1"), line(3, "t1")] };
 * const batch = await lastValueFrom(of(raw).pipe(validate()));
 * assert.equal(batch.records.length, 1);
 * assert.deepEqual(batch.quarantine.map((q) => q.reason), ["duplicate_id"]);
 * ```
 */
export function validate(
  decoders?: Partial<Decoders>,
  options: ValidateOptions = {},
): OperatorFunction<RawBatch, AnyBatch> {
  const chosen: Decoders = { ...NATIVE_DECODERS, ...decoders };
  const plausible = options.plausibleTime;
  return (source) =>
    new Observable<AnyBatch>((subscriber) => {
      const seenTransactionIds = new RecentIds(options.dedupeWindow ?? Infinity);
      return source.subscribe({
        next(batch) {
          if (batch.decoded !== undefined) { // decoded by a source worker, with these checks
            subscriber.next(batch.decoded);
            return;
          }
          let out: AnyBatch;
          try {
            const window = typeof plausible === "function" ? plausible() : plausible;
            out = decodeBatch(batch, chosen[batch.table], seenTransactionIds, window);
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
  seenTransactionIds: RecentIds,
  window: PlausibleTime | undefined,
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
      let eventTime = decode.eventTimeOf === undefined ? null : decode.eventTimeOf(rec);
      // An implausible time must not choose the rejected row's lake partition either.
      if (
        eventTime !== null && window !== undefined &&
        !isPlausibleTime(eventTime, window, rec.arrivedAt)
      ) {
        eventTime = null;
      }
      quarantine.push(quarantineRow(rec, result, eventTime, idFields, knownFields));
      continue;
    }
    const undecodable = undecodableId(batch.table, result);
    if (undecodable !== null) {
      quarantine.push(quarantineRow(rec, undecodable, result.eventTime, idFields, knownFields));
      continue;
    }
    if (window !== undefined && !isPlausibleTime(result.eventTime, window, rec.arrivedAt)) {
      quarantine.push(quarantineRow(rec, IMPLAUSIBLE_TIME, null, idFields, knownFields));
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
      seenTransactionIds.add(detachString(id), result.eventTime);
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
