/**
 * Calendar-month windows on event time (UTC), closed by watermark.
 *
 * A month is identified by its index `year × 12 + (month − 1)`, a plain integer that sorts and
 * subtracts like time. Month `i` covers `[monthIndexStart(i), monthIndexStart(i + 1))`; it is
 * closed once the watermark reaches its end, because every record older than the watermark has
 * already been quarantined as late.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { AnyBatch, TableName } from "./types.ts";

const DAY_MS = 86_400_000;

/**
 * The month index (`year × 12 + month − 1`, UTC) of an event time. Pure arithmetic (civil
 * calendar from day number), so the hot path allocates no `Date`.
 *
 * @param time Milliseconds since the Unix epoch.
 * @returns The month index, e.g. `2011 * 12 + 11` for any time in December 2011.
 */
export function monthIndex(time: number): number {
  // Howard Hinnant's civil_from_days, with March as the first month of the computational year.
  const z = Math.floor(time / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month0 = mp < 10 ? mp + 2 : mp - 10;
  const year = yoe + era * 400 + (month0 <= 1 ? 1 : 0);
  return year * 12 + month0;
}

/**
 * The first millisecond (UTC) of a month index.
 *
 * @param index A month index from {@linkcode monthIndex}.
 * @returns Milliseconds since the epoch of the month's first instant.
 */
export function monthIndexStart(index: number): number {
  const year0 = Math.floor(index / 12);
  const month0 = index - year0 * 12;
  // Hinnant's days_from_civil.
  const year = month0 <= 1 ? year0 - 1 : year0;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const mp = month0 <= 1 ? month0 + 10 : month0 - 2;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146_097 + doe - 719_468) * DAY_MS;
}

/**
 * The `YYYY-MM` key of a month index.
 *
 * @example
 * ```ts
 * monthIndexKey(2011 * 12 + 11); // "2011-12"
 * ```
 */
export function monthIndexKey(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}`;
}

/**
 * The `YYYY-MM` key (UTC) of an event time.
 *
 * @example
 * ```ts
 * monthKey(Date.UTC(2011, 11, 9)); // "2011-12"
 * ```
 */
export function monthKey(time: number): string {
  return monthIndexKey(monthIndex(time));
}

/** The first millisecond (UTC) of the month containing `time`. */
export function monthStart(time: number): number {
  return monthIndexStart(monthIndex(time));
}

/** The end of the month containing `time`: the first millisecond of the next month (exclusive). */
export function monthEnd(time: number): number {
  return monthIndexStart(monthIndex(time) + 1);
}

/**
 * The first month index still open under a watermark: months before it have ended at or before
 * the watermark. `-Infinity` (nothing closed) and `Infinity` (everything closed) pass through.
 */
export function firstOpenMonth(watermark: number): number {
  return Number.isFinite(watermark) ? monthIndex(watermark) : watermark;
}

/** Per-subscription state of one monthly report, driven by {@linkcode monthlyReport}. */
export interface MonthlyReport<R> {
  /** The tables the report consumes; batches of other tables are ignored. */
  readonly tables: readonly TableName[];
  /** Folds one batch of a consumed table into the open months. */
  add(batch: AnyBatch): void;
  /**
   * Closes every month that ended at or before `watermark` (`Infinity` at completion) and
   * returns their rows, in month order.
   */
  close(watermark: number): R[];
}

/**
 * Builds a pipeable operator from a monthly report factory. For each subscription it creates the
 * report, feeds it the batches of the tables it consumes, and after each batch closes the months
 * ended by the MIN of the watermarks of the consumed tables seen so far. A table whose batches
 * carry no watermark holds closing back until completion. Emits one array per batch that closed
 * at least one month; on completion flushes all open months, then completes.
 *
 * @param create Makes the fresh per-subscription report.
 * @returns An operator from batches to arrays of report rows.
 */
export function monthlyReport<R>(create: () => MonthlyReport<R>): OperatorFunction<AnyBatch, R[]> {
  return (source) =>
    new Observable<R[]>((subscriber) => {
      const report = create();
      const watermarks = new Map<TableName, number>();
      const emit = (watermark: number) => {
        const rows = report.close(watermark);
        if (rows.length > 0) subscriber.next(rows);
      };
      return source.subscribe({
        next(batch) {
          if (!report.tables.includes(batch.table)) return;
          try {
            report.add(batch);
            const previous = watermarks.get(batch.table) ?? -Infinity;
            const current = batch.watermark ?? -Infinity;
            watermarks.set(batch.table, current > previous ? current : previous);
            let min = Infinity;
            for (const w of watermarks.values()) if (w < min) min = w;
            emit(min);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error(error) {
          subscriber.error(error);
        },
        complete() {
          try {
            emit(Infinity);
            subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
    });
}

/**
 * Aggregation state per open month, for reports whose months are independent.
 *
 * @typeParam S The per-month state.
 */
export class OpenMonths<S> {
  #open = new Map<number, S>();
  #firstOpen = -Infinity;
  // The last month used, as a time range, so a run of records in one month skips all lookups.
  #lastStart = NaN;
  #lastEnd = NaN;
  #last: S | undefined;
  #create: () => S;

  /** @param create Makes the empty state of a newly seen month. */
  constructor(create: () => S) {
    this.#create = create;
  }

  /**
   * The state of the month containing `time`, created on first use; `undefined` when that month
   * is already closed (a record older than the months closed so far cannot reopen them).
   */
  at(time: number): S | undefined {
    if (time >= this.#lastStart && time < this.#lastEnd) return this.#last;
    const index = monthIndex(time);
    if (index < this.#firstOpen) return undefined;
    let state = this.#open.get(index);
    if (state === undefined) {
      state = this.#create();
      this.#open.set(index, state);
    }
    this.#lastStart = monthIndexStart(index);
    this.#lastEnd = monthIndexStart(index + 1);
    this.#last = state;
    return state;
  }

  /**
   * Removes and returns the months that ended at or before `watermark`, in month order.
   *
   * @returns Pairs of month index and state.
   */
  close(watermark: number): Array<[number, S]> {
    const limit = firstOpenMonth(watermark);
    if (limit <= this.#firstOpen) return [];
    this.#firstOpen = limit;
    this.#lastStart = this.#lastEnd = NaN;
    const months: number[] = [];
    for (const index of this.#open.keys()) if (index < limit) months.push(index);
    months.sort((a, b) => a - b);
    const closed: Array<[number, S]> = [];
    for (const index of months) {
      closed.push([index, this.#open.get(index) as S]);
      this.#open.delete(index);
    }
    return closed;
  }
}
