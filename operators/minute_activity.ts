/**
 * One pass over the clickstream for the three per-minute reports: active users, conversion and
 * event counts.
 *
 * @module
 */

import { map, Observable, type OperatorFunction } from "rxjs";
import type { ActiveUsersRow } from "./active_users.ts";
import type { ConversionRow } from "./conversion.ts";
import type { EventCountRow } from "./event_counts.ts";
import { type Accumulator, add, create, partialResult, result } from "./minute_accumulator.ts";
import { EVENT_TYPES } from "./registry.ts";
import { MINUTE_MS } from "./time_buckets.ts";
import type { ActivityEvent, AnyBatch } from "./types.ts";

/** The figures of one event-time minute with activity. */
export interface MinuteActivity {
  /** Start of the UTC minute, ms since the epoch. */
  minute: number;
  /** Distinct user ids with any event. */
  users: number;
  /** Distinct sessions with any event. */
  sessions: number;
  /** Distinct sessions with a `purchase` event. */
  converted: number;
  /** Events per type, in {@linkcode EVENT_TYPES} order. */
  counts: readonly number[];
  /** Only on a minute still open (`emitOpen`): the figures so far, replaced by later ones. */
  partial?: true;
}

/** Options of {@linkcode minuteActivity}. */
export interface MinuteActivityOptions {
  /**
   * Also emit, after each batch, the still-open minutes it added events to, with their figures
   * so far and `partial: true`, after the closed ones (default false; live views only).
   */
  emitOpen?: boolean;
}

/**
 * Aggregates activity per event-time minute once for {@linkcode activeUsersRows},
 * {@linkcode conversionRows} and {@linkcode eventCountRows}, which give exactly the rows of
 * `activeUsers()`, `conversion()` and `eventCounts()`. Why: those three each walk every event
 * through a generic window (a map lookup and two calls per event); a replay that needs all three
 * walks the clickstream once, in a loop that reuses the last minute's state while events stay
 * in the same minute, as they mostly do.
 *
 * Windows behave as in `tumblingWindow`: reads only `activity` batches; a minute is emitted when
 * the activity watermark reaches its end (`end <= watermark`), the minutes closed by one batch
 * together in minute order; the rest at completion. Only minutes with at least one event exist.
 * An event whose minute was already emitted is skipped (with `watermark` upstream and the same
 * lateness it was quarantined as late before). With `emitOpen` (live), each batch's output also
 * carries the still-open minutes it added events to, with their figures so far and
 * `partial: true`, after the closed ones, as `tumblingWindow` does. Replay and live run this same
 * operator.
 *
 * @param opts `emitOpen` adds the open minutes' figures so far (live only).
 * @returns An operator from batches to arrays of minutes in minute order (partial ones last).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastValueFrom, of, toArray } from "rxjs";
 * const view = (minute: number, user: string, session: string, type: "view" | "purchase" = "view") => ({
 *   eventId: `${user}-${minute}-${type}`, eventTime: Date.UTC(2019, 9, 1, 0, minute), eventType: type,
 *   productId: "p1", categoryId: null, categoryCode: null, brand: null, price: 10,
 *   userId: user, userSession: session,
 * });
 * const batch = { table: "activity" as const, quarantine: [],
 *   records: [view(0, "u1", "s1"), view(0, "u2", "s2", "purchase"), view(1, "u1", "s1")] };
 * // A replay shares the minutes: `const minutes = clean.pipe(minuteActivity(), share())`.
 * const rows = await lastValueFrom(of(batch).pipe(minuteActivity(), activeUsersRows(), toArray()));
 * assert.deepEqual(rows.flat().map((r) => r.active_users), [2, 1]);
 * ```
 */
export function minuteActivity(
  opts: MinuteActivityOptions = {},
): OperatorFunction<AnyBatch, MinuteActivity[]> {
  const emitOpen = opts.emitOpen ?? false;
  return (source) =>
    new Observable<MinuteActivity[]>((subscriber) => {
      const open = new Map<number, Accumulator>();
      const pool: Accumulator[] = []; // accumulators of closed minutes, for reuse
      const touched = new Set<number>(); // emitOpen: minutes the current batch added to
      let closedThrough = -Infinity; // every minute starting at or before this was emitted
      let lastStart = NaN; // the minute of the previous event, and its accumulator
      let last: Accumulator | undefined;

      function addAll(events: ActivityEvent[]): void {
        for (let i = 0; i < events.length; i++) {
          const event = events[i];
          const start = Math.floor(event.eventTime / MINUTE_MS) * MINUTE_MS;
          if (start !== lastStart) {
            if (!(start > closedThrough)) continue;
            last = open.get(start);
            if (last === undefined) open.set(start, last = create(pool));
            lastStart = start;
            if (emitOpen) touched.add(start);
          }
          add(last!, event);
        }
      }

      /** Appends the minutes this batch touched that are still open, marked partial. */
      function appendOpen(out: MinuteActivity[]): void {
        const starts: number[] = [];
        for (const start of touched) if (start > closedThrough) starts.push(start);
        touched.clear();
        starts.sort((a, b) => a - b);
        for (const start of starts) out.push(partialResult(open.get(start)!, start));
      }

      function close(through: number): MinuteActivity[] {
        const starts: number[] = [];
        for (const start of open.keys()) if (start <= through) starts.push(start);
        starts.sort((a, b) => a - b);
        const out = new Array<MinuteActivity>(starts.length);
        for (let i = 0; i < starts.length; i++) {
          const acc = open.get(starts[i])!;
          out[i] = result(acc, starts[i]);
          open.delete(starts[i]);
          pool.push(acc);
        }
        if (lastStart <= through) lastStart = NaN;
        return out;
      }

      return source.subscribe({
        next(batch) {
          if (batch.table !== "activity") return;
          let out: MinuteActivity[] = [];
          try {
            // Touched minutes are noted when the minute changes: start each batch afresh.
            if (emitOpen) lastStart = NaN;
            addAll(batch.records);
            const w = batch.watermark;
            if (w !== undefined && w - MINUTE_MS > closedThrough) {
              closedThrough = w - MINUTE_MS;
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
          let out: MinuteActivity[];
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

/**
 * The rows of `activeUsers()` from closed minutes.
 *
 * @returns An operator from minute arrays to active user rows.
 */
export function activeUsersRows(): OperatorFunction<MinuteActivity[], ActiveUsersRow[]> {
  return map((minutes) => {
    const rows = new Array<ActiveUsersRow>(minutes.length);
    for (let i = 0; i < minutes.length; i++) {
      rows[i] = { minute: minutes[i].minute, active_users: minutes[i].users };
      if (minutes[i].partial) rows[i].partial = true;
    }
    return rows;
  });
}

/**
 * The rows of `conversion()` from closed minutes.
 *
 * @returns An operator from minute arrays to conversion rows.
 */
export function conversionRows(): OperatorFunction<MinuteActivity[], ConversionRow[]> {
  return map((minutes) => {
    const rows = new Array<ConversionRow>(minutes.length);
    for (let i = 0; i < minutes.length; i++) {
      const { sessions, converted } = minutes[i];
      const rate = sessions === 0 ? 0 : Math.round((converted / sessions) * 1e6) / 1e6;
      rows[i] = {
        minute: minutes[i].minute,
        sessions,
        converted_sessions: converted,
        rate,
      };
      if (minutes[i].partial) rows[i].partial = true;
    }
    return rows;
  });
}

/**
 * The rows of `eventCounts()` from closed minutes: per minute, one row per event type with a
 * count above zero.
 *
 * @returns An operator from minute arrays to event count rows.
 */
export function eventCountRows(): OperatorFunction<MinuteActivity[], EventCountRow[]> {
  return map((minutes) => {
    const rows: EventCountRow[] = [];
    for (let i = 0; i < minutes.length; i++) {
      const { counts, partial } = minutes[i];
      const minute = minutes[i].minute;
      for (let k = 0; k < 4; k++) {
        if (!(counts[k] > 0)) continue;
        const row: EventCountRow = { minute, event_type: EVENT_TYPES[k], count: counts[k] };
        if (partial) row.partial = true;
        rows.push(row);
      }
    }
    return rows;
  });
}
