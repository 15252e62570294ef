/**
 * Per-minute metrics kept as columns, ready for uPlot's `setData`.
 *
 * @module
 */

import type { MetricsEvent } from "./types.ts";

/** Event types drawn in the events-by-type chart, in legend order (the registry's order). */
export { EVENT_TYPES } from "../../operators/registry.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";

/** Most minutes kept: one day (the replayed history's view). */
export const MAX_MINUTES = 24 * 60;

/** Minutes a live console shows: the latest two hours. */
export const LIVE_MINUTES = 2 * 60;

/**
 * Columns of per-minute metrics: `xs` in unix seconds (uPlot's unit), one column per value,
 * `null` where a minute has no value yet. Updates merge into the columns in place; `version`
 * tells charts that something changed. Minutes still open (`partial` events: values so far)
 * are kept in {@linkcode MinuteSeries.partial} until their closed values arrive.
 */
export class MinuteSeries {
  /**
   * Minutes kept and shown, ending at the newest: {@linkcode LIVE_MINUTES} when `live`,
   * else {@linkcode MAX_MINUTES}.
   */
  span: number = MAX_MINUTES;
  /** Whether the minutes come from a live pipeline (then the charts show a fixed window). */
  live = false;
  /** The `[from, to)` (unix seconds) last loaded from the server, or null. */
  window: [number, number] | null = null;
  /** A custom range: live updates must not move it. */
  frozen = false;
  /** Minutes (unix seconds) whose values are partial: still open in the pipeline. */
  partial: Set<number> = new Set();
  xs: number[] = [];
  activeUsers: (number | null)[] = [];
  /** Conversion rate in percent. */
  conversion: (number | null)[] = [];
  counts: (number | null)[][] = EVENT_TYPES.map(() => []);
  version = 0;

  /**
   * Empties every column; `live` and `span` (minutes; default two hours live, else a day)
   * choose the span kept from now on.
   */
  clear(live = this.live, span?: number): void {
    this.live = live;
    this.span = span ?? (live ? LIVE_MINUTES : MAX_MINUTES);
    this.partial = new Set();
    this.xs = [];
    this.activeUsers = [];
    this.conversion = [];
    this.counts = EVENT_TYPES.map(() => []);
    this.version++;
  }

  /**
   * Merges one minute's values; minutes usually arrive in order, so this is an append. A
   * `partial` event marks the minute open, a closed one clears the mark.
   */
  upsert(event: MetricsEvent): void {
    const x = Date.parse(event.minute) / 1000;
    const newest = this.xs.length > 0 ? this.xs[this.xs.length - 1] : x;
    if (!Number.isFinite(x) || x <= newest - this.span * 60) return; // older than the span kept
    const i = this.#slot(x);
    if (event.partial) this.partial.add(x);
    else this.partial.delete(x);
    if (event.active_users !== undefined) this.activeUsers[i] = event.active_users;
    if (event.rate !== undefined) this.conversion[i] = event.rate * 100;
    if (event.event_counts) {
      for (let t = 0; t < EVENT_TYPES.length; t++) {
        // Reports are sparse: a type missing from a minute that has counts had none.
        this.counts[t][i] = event.event_counts[EVENT_TYPES[t]] ?? 0;
      }
    }
    this.version++;
  }

  /** The earliest open minute (unix seconds), or null when every minute shown is closed. */
  firstPartial(): number | null {
    let first: number | null = null;
    for (const x of this.partial) if (first === null || x < first) first = x;
    return first;
  }

  /** Latest minute's value of a column, skipping trailing gaps. */
  latest(column: (number | null)[]): number | null {
    for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i];
    return null;
  }

  #slot(x: number): number {
    const n = this.xs.length;
    if (n > 0 && this.xs[n - 1] === x) return n - 1;
    let i = n;
    if (n > 0 && this.xs[n - 1] > x) {
      let low = 0;
      let high = n;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (this.xs[mid] < x) low = mid + 1;
        else high = mid;
      }
      if (this.xs[low] === x) return low;
      i = low;
    }
    this.xs.splice(i, 0, x);
    this.activeUsers.splice(i, 0, null);
    this.conversion.splice(i, 0, null);
    for (const column of this.counts) column.splice(i, 0, null);
    return this.#trim(i);
  }

  /**
   * Drops minutes older than the span before the newest, in steps of an hour to keep splices
   * rare. Every dropped minute is older than the one just placed at `i`, so its index shifts
   * down.
   */
  #trim(i: number): number {
    const cut = this.xs[this.xs.length - 1] - this.span * 60;
    if (this.xs[0] > cut - 3600) return i;
    let drop = 0;
    while (this.xs[drop] <= cut) this.partial.delete(this.xs[drop++]);
    this.xs.splice(0, drop);
    this.activeUsers.splice(0, drop);
    this.conversion.splice(0, drop);
    for (const column of this.counts) column.splice(0, drop);
    return i - drop;
  }
}
