/**
 * The anonymize operator: replaces user and session ids by pseudonyms.
 *
 * @module
 */

import { map, type OperatorFunction } from "rxjs";
import { QUARANTINE_PLANS } from "./quarantine_ids.ts";
import { redactRaw } from "./redact_raw.ts";
import type { AnyBatch } from "./types.ts";

/** Which id column a batch of ids comes from; a pseudonymizer may cache each kind apart. */
export type IdKind = "user" | "session";

/**
 * A pseudonym function that may also pseudonymize a whole column of ids in one call (faster:
 * see `createPseudonymizer`). `replaceAll` must give exactly what calling the function on each
 * id gives.
 */
export interface ColumnPseudonym {
  (id: string): string;
  /** Replaces `ids[0, count)` in place by their pseudonyms; `kind` names the column. */
  replaceAll?(ids: string[], count: number, kind: IdKind): void;
}

/**
 * Replaces, in place, every raw user id and session id with `pseudonym(id)`: `userId` and
 * `userSession` of activity events, `userId` of transactions and of reviews (when not null).
 * Inventory records pass through. Use a keyed pseudonym (`createPseudonymizer` in
 * pipeline/pseudonymizer.ts) so equal ids stay joinable across tables and runs while the raw
 * ids never reach a sink. When the function has `replaceAll`, the ids of activity and
 * transaction batches are handed over a column at a time.
 *
 * Quarantine rows of every table get their `raw` text rebuilt from the fields noted for them
 * (see quarantine_ids.ts and redact_raw.ts): ids read as their pseudonyms, fields the format
 * does not know are withheld. A row with no note (its fields could not be told apart: a CSV row
 * with the wrong field count, text that is not a JSON object) keeps no text at all (`""`); its
 * position says where to find it in the source. An error thrown by `pseudonym` errors the
 * stream.
 *
 * @param pseudonym A deterministic function from raw id to pseudonym.
 * @returns An operator that emits the same batches with ids replaced.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of } from "rxjs";
 * const review = { reviewId: "r1", userId: "541312140", productId: null, orderId: null, rating: 5,
 *   title: null, body: null, eventTime: 0 };
 * const batch = { table: "reviews" as const, records: [review], quarantine: [] };
 * // In the pipeline: anonymize(createPseudonymizer(key)), a keyed HMAC.
 * const out = await lastValueFrom(of(batch).pipe(anonymize((id) => `pseudonym-of-${id}`)));
 * assert.equal((out.records[0] as typeof review).userId, "pseudonym-of-541312140");
 * ```
 */
export function anonymize(pseudonym: ColumnPseudonym): OperatorFunction<AnyBatch, AnyBatch> {
  const column: string[] = []; // reused: the ids of one field of one batch
  return map((batch) => {
    if (batch.pseudonymized === true) return batch; // by a source worker, with the same key
    switch (batch.table) {
      case "activity": {
        const records = batch.records;
        if (pseudonym.replaceAll !== undefined) {
          const n = records.length;
          column.length = n;
          for (let i = 0; i < n; i++) column[i] = records[i].userId;
          pseudonym.replaceAll(column, n, "user");
          for (let i = 0; i < n; i++) {
            records[i].userId = column[i];
            column[i] = records[i].userSession;
          }
          pseudonym.replaceAll(column, n, "session");
          for (let i = 0; i < n; i++) records[i].userSession = column[i];
          column.length = 0; // drop the references
          break;
        }
        for (let i = 0; i < records.length; i++) {
          const r = records[i];
          r.userId = pseudonym(r.userId);
          r.userSession = pseudonym(r.userSession);
        }
        break;
      }
      case "transactions": {
        const records = batch.records;
        if (pseudonym.replaceAll !== undefined) {
          const n = records.length;
          column.length = n;
          for (let i = 0; i < n; i++) column[i] = records[i].userId;
          pseudonym.replaceAll(column, n, "user");
          for (let i = 0; i < n; i++) records[i].userId = column[i];
          column.length = 0;
          break;
        }
        for (let i = 0; i < records.length; i++) records[i].userId = pseudonym(records[i].userId);
        break;
      }
      case "reviews": {
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const userId = records[i].userId;
          if (userId !== null) records[i].userId = pseudonym(userId);
        }
        break;
      }
      case "inventory":
        break;
    }
    const quarantine = batch.quarantine;
    for (let i = 0; i < quarantine.length; i++) {
      const row = quarantine[i];
      const plan = QUARANTINE_PLANS.get(row);
      row.raw = plan === undefined ? "" : redactRaw(row.raw, plan, pseudonym);
    }
    return batch;
  });
}
