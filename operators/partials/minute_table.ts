/**
 * Per-minute activity figures in dense columns: the working form of the `minutes` family, which
 * partitions append to, merges sum and finishing turns back into `MinuteActivity` minutes.
 *
 * @module
 */

import type { MinuteActivity } from "../minute_activity.ts";
import { EVENT_TYPES } from "../registry.ts";
import { MINUTE_MS } from "../time_buckets.ts";

/** The figures of the minutes with activity, one array per figure, minutes ascending. */
export interface MinuteTable {
  /** Minute starts, ms since the epoch, strictly ascending. */
  minutes: number[];
  /** Distinct users with any event. */
  users: number[];
  /** Distinct sessions with any event. */
  sessions: number[];
  /** Distinct sessions with a `purchase` event. */
  converted: number[];
  /** Events per type, one array per type in `EVENT_TYPES` order. */
  counts: number[][];
}

/** A table without minutes. */
export function emptyTable(): MinuteTable {
  return { minutes: [], users: [], sessions: [], converted: [], counts: EVENT_TYPES.map(() => []) };
}

/** A copy of `table` that shares no array with it. */
export function copyTable(table: MinuteTable): MinuteTable {
  return {
    minutes: table.minutes.slice(),
    users: table.users.slice(),
    sessions: table.sessions.slice(),
    converted: table.converted.slice(),
    counts: table.counts.map((column) => column.slice()),
  };
}

/**
 * Appends one minute after the last one of `table`.
 *
 * @param table the table to append to
 * @param m the minute's figures, as `minuteActivity()` emits them
 * @throws {RangeError} when the minute does not start a minute or is not after the last one
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const table = emptyTable();
 * const minute = Date.UTC(2019, 9, 1);
 * appendMinute(table, { minute, users: 2, sessions: 2, converted: 1, counts: [3, 0, 0, 1] });
 * assert.throws(() => appendMinute(table, { ...tableMinutes(table)[0] }), RangeError);
 * ```
 */
export function appendMinute(
  table: MinuteTable,
  m: Pick<MinuteActivity, "minute" | "users" | "sessions" | "converted"> & {
    counts: ArrayLike<number>;
  },
): void {
  const n = table.minutes.length;
  if (!(m.minute % MINUTE_MS === 0) || (n > 0 && !(m.minute > table.minutes[n - 1]))) {
    const last = n > 0 ? new Date(table.minutes[n - 1]).toISOString() : "none";
    throw new RangeError(`minute table: ${m.minute} is not a minute start after ${last}`);
  }
  table.minutes.push(m.minute);
  table.users.push(m.users);
  table.sessions.push(m.sessions);
  table.converted.push(m.converted);
  for (let k = 0; k < table.counts.length; k++) table.counts[k].push(m.counts[k]);
}

/**
 * Sums tables of distinct partitions minute by minute: a minute in several of them gets the sum
 * of each figure. Exact and independent of order (integer sums), so every order of the same
 * tables gives the same table.
 *
 * @param tables tables with strictly ascending minutes
 * @returns a new table holding every minute of any of them
 */
export function sumTables(tables: readonly MinuteTable[]): MinuteTable {
  const next = tables.map(() => 0); // per table, the row its cursor is on
  const out = emptyTable();
  const figures = { minute: 0, users: 0, sessions: 0, converted: 0, counts: [0, 0, 0, 0] };
  for (;;) {
    let minute = Infinity;
    for (let p = 0; p < tables.length; p++) {
      const i = next[p];
      if (i < tables[p].minutes.length && tables[p].minutes[i] < minute) {
        minute = tables[p].minutes[i];
      }
    }
    if (minute === Infinity) return out;
    figures.minute = minute;
    figures.users = figures.sessions = figures.converted = 0;
    figures.counts.fill(0);
    for (let p = 0; p < tables.length; p++) {
      const t = tables[p];
      const i = next[p];
      if (!(i < t.minutes.length && t.minutes[i] === minute)) continue;
      next[p]++;
      figures.users += t.users[i];
      figures.sessions += t.sessions[i];
      figures.converted += t.converted[i];
      for (let k = 0; k < figures.counts.length; k++) figures.counts[k] += t.counts[k][i];
    }
    appendMinute(out, figures);
  }
}

/**
 * The minutes of a table, in the form `minuteActivity()` emits closed minutes.
 *
 * @param table a table
 * @returns one `MinuteActivity` per minute, ascending
 */
export function tableMinutes(table: MinuteTable): MinuteActivity[] {
  const out = new Array<MinuteActivity>(table.minutes.length);
  for (let i = 0; i < out.length; i++) {
    const counts = new Array<number>(table.counts.length);
    for (let k = 0; k < counts.length; k++) counts[k] = table.counts[k][i];
    out[i] = {
      minute: table.minutes[i],
      users: table.users[i],
      sessions: table.sessions[i],
      converted: table.converted[i],
      counts,
    };
  }
  return out;
}
