/**
 * Event-time watermark per table, with late records moved to quarantine.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch, QuarantineRow, RecordOf, TableName } from "./types.ts";

/** Default allowed lateness: 5 minutes of event time. */
export const DEFAULT_LATENESS_MS = 300_000;

/** Options of {@linkcode watermark}. */
export interface WatermarkOptions {
  /** Allowed lateness in ms of event time (default {@linkcode DEFAULT_LATENESS_MS}). */
  lateness?: number;
}

/**
 * Stamps each batch with its table's watermark and quarantines late records.
 *
 * Per table it keeps the largest event time seen. Records are checked one by one in arrival
 * order, so the result does not depend on where batch boundaries fall: a record whose event time
 * is below (largest seen so far − lateness) is late. It is removed from `records` and appended to
 * `quarantine` with reason `late`. The emitted batch carries `watermark` = largest seen −
 * lateness (`-Infinity` before the table's first record). A `watermark` already set on an
 * input batch (an idle-source heartbeat, or `Infinity` at end of input) advances the table's
 * watermark after that batch's records when it is larger; later records are checked against it.
 * Input batches are never mutated. Nothing extra is emitted on completion: downstream windows
 * flush when the stream completes.
 *
 * @param opts `lateness` in ms (default 5 minutes); must be a finite number ≥ 0.
 * @returns An operator from batches to batches with `watermark` set.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * const review = (minute: number) => ({ reviewId: `r${minute}`, userId: null, productId: null,
 *   orderId: null, rating: 5, title: null, body: null, eventTime: minute * 60_000 });
 * const batch = { table: "reviews" as const, records: [review(10), review(2)], quarantine: [] };
 * const out = await lastValueFrom(of(batch).pipe(watermark({ lateness: 5 * 60_000 })));
 * assert.equal(out.watermark, 5 * 60_000); // 10 min seen - 5 min lateness
 * assert.deepEqual(out.quarantine.map((q) => q.reason), ["late"]); // minute 2 < minute 5
 * ```
 */
export function watermark(opts: WatermarkOptions = {}): OperatorFunction<AnyBatch, AnyBatch> {
  const lateness = opts.lateness ?? DEFAULT_LATENESS_MS;
  if (!(lateness >= 0 && lateness < Infinity)) {
    throw new RangeError(`watermark(): lateness must be a finite number >= 0, got ${lateness}`);
  }
  return (source) =>
    new Observable<AnyBatch>((subscriber) => {
      // Per table: the largest event time seen, and the watermark (which an incoming
      // `batch.watermark`, such as an idle-source heartbeat, may have pushed further).
      const maxSeen: Record<TableName, number> = {
        activity: -Infinity,
        transactions: -Infinity,
        inventory: -Infinity,
        reviews: -Infinity,
      };
      const marks: Record<TableName, number> = { ...maxSeen };
      return source.subscribe({
        next(batch) {
          let out: AnyBatch;
          try {
            out = stamp(batch);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          subscriber.next(out);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });

      function stamp(batch: AnyBatch): AnyBatch {
        const table = batch.table;
        const records: RecordOf[TableName][] = batch.records;
        let max = maxSeen[table];
        let mark = marks[table];
        let kept: RecordOf[TableName][] | null = null;
        let quarantine: QuarantineRow[] | null = null;
        for (let i = 0; i < records.length; i++) {
          const record = records[i];
          const t = record.eventTime;
          if (t < mark) {
            // Copy lazily: most batches have no late record and pass their arrays through.
            if (kept === null) kept = records.slice(0, i);
            if (quarantine === null) quarantine = batch.quarantine.slice();
            quarantine.push(lateRow(table, record));
          } else {
            if (t > max) {
              max = t;
              if (max - lateness > mark) mark = max - lateness;
            }
            if (kept !== null) kept.push(record);
          }
        }
        const incoming = batch.watermark;
        if (incoming !== undefined && incoming > mark) mark = incoming;
        maxSeen[table] = max;
        marks[table] = mark;
        return {
          table,
          records: kept ?? records,
          quarantine: quarantine ?? batch.quarantine,
          watermark: mark,
        } as AnyBatch;
      }
    });
}

/** The quarantine row of a late record; its position is the record's stable id. */
function lateRow(table: TableName, record: RecordOf[TableName]): QuarantineRow {
  return {
    source: table,
    position: recordPosition(table, record),
    reason: "late",
    raw: JSON.stringify(record),
    eventTime: record.eventTime,
  };
}

/**
 * A record's stable id, used as its quarantine position once it is past the source.
 *
 * @param table The record's table.
 * @param record A canonical record of that table.
 * @returns `eventId`, `transactionId`, `reviewId`, or `<productId>@<eventTime>` for inventory.
 */
export function recordPosition(table: TableName, record: RecordOf[TableName]): string {
  switch (table) {
    case "activity":
      return (record as RecordOf["activity"]).eventId;
    case "transactions":
      return (record as RecordOf["transactions"]).transactionId;
    case "reviews":
      return (record as RecordOf["reviews"]).reviewId;
    case "inventory": {
      const r = record as RecordOf["inventory"];
      return `${r.productId}@${r.eventTime}`;
    }
  }
}
