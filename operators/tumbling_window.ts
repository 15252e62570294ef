/**
 * Event-time tumbling windows closed by the watermark.
 *
 * @module
 */

import type { OperatorFunction } from "rxjs";
import { slidingWindow, type WindowFunctions, type WindowResult } from "./sliding_window.ts";
import type { AnyBatch, TableName } from "./types.ts";

/** Options of {@linkcode tumblingWindow}. */
export interface TumblingWindowOptions<K extends TableName, A, R> extends WindowFunctions<K, A, R> {
  /** Window length in ms; window starts are multiples of it (`floor(t / size) * size`). */
  size: number;
}

/**
 * Groups one table's records into consecutive, non-overlapping event-time windows
 * `[start, start + size)` and emits each window's result once, when it closes.
 *
 * A window closes when the table's `batch.watermark` reaches its end (`end <= watermark`); the
 * windows closed by one batch are emitted together, in start order, as one array (nothing is
 * emitted when none closed). On completion every open window is flushed in start order. Only
 * windows that received a record exist, so closing costs O(open windows) however far apart the
 * records are. With `emitEmpty`, windows without records between the first and the last window
 * seen are emitted too, so a per-minute series has its zeros (and closing walks that whole span).
 * With `emitOpen`, each batch's output also carries the still-open windows it added records to,
 * with their result so far and `partial: true`, after the closed ones (live views only).
 * Same as {@linkcode slidingWindow} with `slide = size`.
 *
 * @param opts Window size and accumulator functions.
 * @returns An operator from batches to arrays of closed windows.
 * @throws {RangeError} When `size` is not a positive finite number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of, toArray } from "rxjs";
 * const review = (minute: number) => ({ reviewId: `r${minute}`, userId: null, productId: null,
 *   orderId: null, rating: 5, title: null, body: null, eventTime: minute * 60_000 });
 * const batch = { table: "reviews" as const, records: [review(0), review(2)], quarantine: [] };
 * // Reviews per minute, zeros included.
 * const windows = await lastValueFrom(of(batch).pipe(tumblingWindow({
 *   table: "reviews", size: 60_000, emitEmpty: true,
 *   create: () => ({ n: 0 }), add: (c) => void c.n++, result: (c) => c.n,
 * }), toArray()));
 * assert.deepEqual(windows.flat().map((w) => w.value), [1, 0, 1]);
 * ```
 */
export function tumblingWindow<K extends TableName, A, R>(
  opts: TumblingWindowOptions<K, A, R>,
): OperatorFunction<AnyBatch, WindowResult<R>[]> {
  return slidingWindow({ ...opts, slide: opts.size });
}
