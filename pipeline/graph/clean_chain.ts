/**
 * The cleaning chain, composed once for replay and live:
 * `validate → anonymize → standardizeInventory → watermark`.
 *
 * @module
 */

import { EMPTY, merge, type Observable, share } from "rxjs";
import { anonymize } from "../../operators/anonymize.ts";
import type { PlausibleTime } from "../../operators/plausible_time.ts";
import { standardizeInventory } from "../../operators/standardize_inventory.ts";
import type { AnyBatch, RawBatch } from "../../operators/types.ts";
import { type Decoders, validate } from "../../operators/validate.ts";
import { watermark } from "../../operators/watermark.ts";

/** What the cleaning chain needs besides its input. */
export interface CleanOptions {
  /** Keyed pseudonym function (HMAC); see `createPseudonymizer`. */
  pseudonym: (id: string) => string;
  /** Allowed lateness in ms: records older than the watermark are quarantined as `late`. */
  lateness: number;
  /** Decoders of the input format; the native layout when absent. */
  decoders?: Decoders;
  /**
   * Event times outside it are quarantined as `implausible_time`; no check when absent. A
   * function is read once per batch (live, where "now" moves).
   */
  plausibleTime?: PlausibleTime | (() => PlausibleTime);
  /**
   * How long (ms of event time) transaction ids are remembered for `duplicate_id`; at least the
   * lateness is used, since records that late still pass. Default: for ever.
   */
  dedupeWindow?: number;
  /** Receives inventory standardization fix counts by kind; counted and dropped when absent. */
  fixes?: Record<string, number>;
}

/**
 * Cleans raw micro-batches: decode and check (`validate`), pseudonymize ids (`anonymize`),
 * standardize inventory, then stamp the watermark. Heartbeats (empty batches carrying only a
 * `watermark`, from an idle live partition) join just before the watermark, so they move it
 * without passing through the decoders. The result is hot (shared): subscribe every consumer
 * before pushing the first batch.
 *
 * @param input raw micro-batches from any source (files, Kafka)
 * @param options keys, lateness, decoders, plausible time, dedupe window
 * @param heartbeats watermark-only batches (live); none by default
 * @returns clean, watermarked batches
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Subject } from "rxjs";
 * const input = new Subject<import("../../operators/types.ts").RawBatch>();
 * const marks: number[] = [];
 * cleanChain(input, { pseudonym: (id) => `p-${id}`, lateness: 0 })
 *   .subscribe((batch) => marks.push(batch.watermark!));
 * const fields = { event_time: "2019-10-01T00:00:00Z", event_type: "view", product_id: "p1",
 *   user_id: "u1", user_session: "s1" };
 * input.next({ table: "activity", quarantine: [], bytesRead: 0, bytesTotal: 0,
 *   records: [{ source: "topic", position: "topic/0@0", raw: JSON.stringify(fields), fields }] });
 * assert.deepEqual(marks, [Date.UTC(2019, 9, 1)]);
 * ```
 */
export function cleanChain(
  input: Observable<RawBatch>,
  options: CleanOptions,
  heartbeats: Observable<AnyBatch> = EMPTY,
): Observable<AnyBatch> {
  const decoded = input.pipe(
    validate(options.decoders, {
      plausibleTime: options.plausibleTime,
      dedupeWindow: Math.max(options.dedupeWindow ?? Infinity, options.lateness),
    }),
    anonymize(options.pseudonym),
    standardizeInventory(options.fixes ?? {}),
  );
  return merge(decoded, heartbeats).pipe(
    watermark({ lateness: options.lateness }),
    share(),
  );
}
