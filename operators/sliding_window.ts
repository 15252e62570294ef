/**
 * Event-time sliding windows closed by the watermark; the tumbling window is its special case.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch, RecordOf, TableName } from "./types.ts";

/** One closed window: its bounds in ms of event time, its key when keyed, and its result. */
export interface WindowResult<R> {
  /** Inclusive start, ms. */
  start: number;
  /** Exclusive end (`start + size`), ms. */
  end: number;
  /** The record key when the window is keyed, else `null`. */
  key: string | null;
  value: R;
  /**
   * `true` on a window that is still open (emitted with `emitOpen`): `value` is its result so
   * far, and a later result of the same window replaces it. Absent on closed windows.
   */
  partial?: true;
}

/** The accumulator functions every window operator takes. */
export interface WindowFunctions<K extends TableName, A, R> {
  /** Which table's batches to read; batches of other tables are ignored. */
  table: K;
  /** A fresh, empty accumulator. */
  create: () => A;
  /** Adds one record to an accumulator, in place. Called in a plain loop: keep it cheap. */
  add: (acc: A, record: RecordOf[K]) => void;
  /** The window's result from its accumulator. */
  result: (acc: A, start: number, end: number) => R;
  /**
   * Splits each window by this key; results of one window are ordered by key (code-unit order)
   * so the output does not depend on arrival order. Not combinable with `emitEmpty`.
   */
  key?: (record: RecordOf[K]) => string;
  /**
   * Also emit windows with no record between the first and the last window seen, with the result
   * of an empty accumulator, so that series are continuous (default false). Closing then walks
   * every window of that span, so keep it for short spans; without it, windows that get no
   * record are never created and closing costs O(open windows), however sparse the records.
   */
  emitEmpty?: boolean;
  /**
   * After each batch, also emit the windows that batch added records to and that are still
   * open, with their result so far and `partial: true`, after the windows it closed (default
   * false). For live views that must move before a window closes; a window's later result
   * (partial or closed) replaces its earlier one. `result` is called on the open accumulator:
   * it must not change it, and a result that is the accumulator itself keeps changing as
   * records arrive (copy it in `result`, or read it before the next batch). Replays leave this
   * off: their output is only closed windows.
   */
  emitOpen?: boolean;
  /**
   * Called for a record whose window was already closed. With {@linkcode watermark} upstream
   * and the same lateness this never happens, because such records are quarantined as `late`.
   */
  onLate?: (record: RecordOf[K]) => void;
}

/** Options of {@linkcode slidingWindow}. */
export interface SlidingWindowOptions<K extends TableName, A, R> extends WindowFunctions<K, A, R> {
  /** Window length in ms. */
  size: number;
  /** Distance between window starts in ms; `size` must be a whole multiple of it. */
  slide: number;
}

/**
 * Groups one table's records into overlapping event-time windows `[start, start + size)` whose
 * starts are multiples of `slide`; each record is added to `size / slide` windows.
 *
 * A window closes when the table's `batch.watermark` reaches its end (`end <= watermark`); the
 * windows closed by one batch are emitted together, in start order, as one array (nothing is
 * emitted when none closed). On completion every open window is flushed in start order. State
 * lives in a `Map` of open windows per subscription; a window exists only once a record falls in
 * it, and closing visits only the open windows, never the empty time between them (unless
 * `emitEmpty`). Errors thrown by the accumulator functions go to `subscriber.error`.
 *
 * @param opts Window size, slide and accumulator functions.
 * @returns An operator from batches to arrays of closed windows.
 * @throws {RangeError} When `size` or `slide` is not positive and finite, or `size % slide != 0`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of, toArray } from "rxjs";
 * const review = (minute: number, userId: string) => ({ reviewId: `r${minute}`, userId,
 *   productId: null, orderId: null, rating: 5, title: null, body: null, eventTime: minute * 60_000 });
 * const batch = { table: "reviews" as const, quarantine: [], records: [review(0, "u1"), review(3, "u2")] };
 * // Distinct reviewers over the last 5 minutes, every minute.
 * const windows = await lastValueFrom(of(batch).pipe(slidingWindow({
 *   table: "reviews", size: 300_000, slide: 60_000,
 *   create: () => new Set<string | null>(), add: (s, r) => void s.add(r.userId), result: (s) => s.size,
 * }), toArray()));
 * assert.equal(Math.max(...windows.flat().map((w) => w.value)), 2);
 * ```
 */
export function slidingWindow<K extends TableName, A, R>(
  opts: SlidingWindowOptions<K, A, R>,
): OperatorFunction<AnyBatch, WindowResult<R>[]> {
  const { table, size, slide, create, add, result, key, onLate } = opts;
  const emitEmpty = opts.emitEmpty ?? false;
  const emitOpen = opts.emitOpen ?? false;
  if (!(size > 0 && size < Infinity)) {
    throw new RangeError(`window size must be a positive finite number, got ${size}`);
  }
  if (!(slide > 0 && slide < Infinity) || size % slide !== 0) {
    throw new RangeError(`slidingWindow(): slide must divide size ${size}, got ${slide}`);
  }
  if (key !== undefined && emitEmpty) {
    throw new TypeError("slidingWindow(): emitEmpty cannot be combined with key");
  }
  const span = size - slide; // the first window of a record starts this much before its last

  return (source) =>
    new Observable<WindowResult<R>[]>((subscriber) => {
      // Unkeyed: start → accumulator. Keyed: start → (key → accumulator).
      const open = new Map<number, A>();
      const openKeyed = new Map<number, Map<string, A>>();
      let closedThrough = -Infinity; // every window with start <= this has been emitted
      let nextStart = Infinity; // emitEmpty cursor: the earliest window not yet emitted
      let lastStart = -Infinity; // latest window start that holds a record
      const touched = new Set<number>(); // emitOpen: window starts the current batch added to

      function accumulator(start: number, record: RecordOf[K]): A {
        if (key === undefined) {
          let acc = open.get(start);
          if (acc === undefined) open.set(start, acc = create());
          return acc;
        }
        let byKey = openKeyed.get(start);
        if (byKey === undefined) openKeyed.set(start, byKey = new Map());
        const k = key(record);
        let acc = byKey.get(k);
        if (acc === undefined) byKey.set(k, acc = create());
        return acc;
      }

      function addAll(records: RecordOf[K][]): void {
        for (let i = 0; i < records.length; i++) {
          const record = records[i];
          const last = Math.floor(record.eventTime / slide) * slide;
          const first = last - span;
          if (!(first > closedThrough)) {
            if (onLate !== undefined) onLate(record);
            continue;
          }
          for (let s = first; s <= last; s += slide) add(accumulator(s, record), record);
          if (emitOpen) touch(first, last);
          if (first < nextStart) nextStart = first;
          if (last > lastStart) lastStart = last;
        }
      }

      /** Notes the window starts `first..last` as touched by this batch (emitOpen). */
      function touch(first: number, last: number): void {
        for (let s = first; s <= last; s += slide) touched.add(s);
      }

      /** Appends the touched windows still open, in start (then key) order, marked partial. */
      function appendOpen(out: WindowResult<R>[]): void {
        const starts: number[] = [];
        for (const s of touched) if (s > closedThrough) starts.push(s);
        touched.clear();
        starts.sort((a, b) => a - b);
        for (const s of starts) {
          if (key === undefined) {
            const acc = open.get(s)!;
            out.push({
              start: s,
              end: s + size,
              key: null,
              value: result(acc, s, s + size),
              partial: true,
            });
            continue;
          }
          const byKey = openKeyed.get(s)!;
          for (const k of [...byKey.keys()].sort()) {
            const value = result(byKey.get(k)!, s, s + size);
            out.push({ start: s, end: s + size, key: k, value, partial: true });
          }
        }
      }

      /** Emits, in start order, every window with start <= through; returns them. */
      function close(through: number): WindowResult<R>[] {
        const out: WindowResult<R>[] = [];
        if (emitEmpty) {
          const limit = Math.min(through, lastStart);
          let s = nextStart;
          for (; s <= limit; s += slide) {
            const acc = open.get(s);
            open.delete(s);
            out.push({
              start: s,
              end: s + size,
              key: null,
              value: result(acc ?? create(), s, s + size),
            });
          }
          nextStart = s;
          return out;
        }
        const starts: number[] = [];
        for (const s of (key === undefined ? open.keys() : openKeyed.keys())) {
          if (s <= through) starts.push(s);
        }
        starts.sort((a, b) => a - b);
        for (const s of starts) {
          if (key === undefined) {
            out.push({
              start: s,
              end: s + size,
              key: null,
              value: result(open.get(s)!, s, s + size),
            });
            open.delete(s);
            continue;
          }
          const byKey = openKeyed.get(s)!;
          openKeyed.delete(s);
          const keys = [...byKey.keys()].sort();
          for (const k of keys) {
            out.push({
              start: s,
              end: s + size,
              key: k,
              value: result(byKey.get(k)!, s, s + size),
            });
          }
        }
        return out;
      }

      return source.subscribe({
        next(batch) {
          if (batch.table !== table) return;
          let out: WindowResult<R>[] = [];
          try {
            addAll(batch.records as RecordOf[K][]);
            const w = batch.watermark;
            if (w !== undefined && w - size > closedThrough) {
              closedThrough = w - size;
              out = close(closedThrough);
            }
            if (emitOpen) appendOpen(out);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          if (out.length > 0) subscriber.next(out);
        },
        error: (err) => subscriber.error(err),
        complete() {
          let out: WindowResult<R>[];
          try {
            out = close(Infinity);
            closedThrough = Infinity;
          } catch (err) {
            subscriber.error(err);
            return;
          }
          if (out.length > 0) subscriber.next(out);
          subscriber.complete();
        },
      });
    });
}
