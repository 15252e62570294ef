/**
 * Per-minute activity figures in columns: the compact JSON form in which the `minutes` family
 * snapshots, merges and finishes its state.
 *
 * @module
 */

import type { MinuteActivity } from "../minute_activity.ts";
import { EVENT_TYPES } from "../registry.ts";
import { MINUTE_MS } from "../time_buckets.ts";

/**
 * Figures of the minutes with activity, one array per column, minutes ascending. Why columns:
 * a year of sparse history is some 25,000 active minutes, and a snapshot crosses the results
 * store about once a second; an object per minute would repeat every key name and a 13-digit
 * time in each, where a column holds a small number and a comma.
 */
export type MinuteColumns = {
  /**
   * Minute starts as gaps in whole minutes: the first from the epoch, each next one from the
   * one before (always > 0), so most entries are a few digits.
   */
  minutes: number[];
  /** Distinct users with any event, per minute. */
  users: number[];
  /** Distinct sessions with any event, per minute. */
  sessions: number[];
  /** Distinct sessions with a `purchase` event, per minute. */
  converted: number[];
  /** Events per type, one column per type in `EVENT_TYPES` order. */
  counts: number[][];
};

/** Columns without a minute. */
export function emptyColumns(): MinuteColumns {
  return {
    minutes: [],
    users: [],
    sessions: [],
    converted: [],
    counts: EVENT_TYPES.map(() => []),
  };
}

/**
 * Appends minutes in ascending order to columns it owns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const writer = new MinuteColumnsWriter();
 * writer.add(Date.UTC(2019, 9, 1, 0, 0), 2, 2, 1, [3, 0, 0, 1]);
 * writer.add(Date.UTC(2019, 9, 1, 0, 5), 1, 1, 0, [1, 0, 0, 0]);
 * assert.deepEqual(writer.columns.minutes, [Date.UTC(2019, 9, 1) / 60_000, 5]);
 * ```
 */
export class MinuteColumnsWriter {
  #columns = emptyColumns();
  #last = 0; // the last minute written, in whole minutes since the epoch (0 before any)

  /** The columns written so far (read them, do not change them). */
  get columns(): MinuteColumns {
    return this.#columns;
  }

  /** A writer with a copy of these columns, to append to without changing this one. */
  clone(): MinuteColumnsWriter {
    const copy = new MinuteColumnsWriter();
    const c = this.#columns;
    copy.#columns = {
      minutes: c.minutes.slice(),
      users: c.users.slice(),
      sessions: c.sessions.slice(),
      converted: c.converted.slice(),
      counts: c.counts.map((column) => column.slice()),
    };
    copy.#last = this.#last;
    return copy;
  }

  /**
   * Appends one minute.
   *
   * @param minute start of the minute, ms since the epoch, after every minute written before
   * @param users distinct users with any event
   * @param sessions distinct sessions with any event
   * @param converted distinct sessions with a purchase
   * @param counts events per type in `EVENT_TYPES` order
   * @throws {RangeError} when `minute` does not start a minute or is not after the last one
   */
  add(
    minute: number,
    users: number,
    sessions: number,
    converted: number,
    counts: ArrayLike<number>,
  ): void {
    const index = minute / MINUTE_MS;
    const c = this.#columns;
    const gap = index - this.#last;
    if (!Number.isInteger(index) || (c.minutes.length > 0 && !(gap > 0))) {
      const last = new Date(this.#last * MINUTE_MS).toISOString();
      throw new RangeError(`minute columns: minute ${minute} is not a minute start after ${last}`);
    }
    c.minutes.push(gap);
    c.users.push(users);
    c.sessions.push(sessions);
    c.converted.push(converted);
    for (let k = 0; k < c.counts.length; k++) c.counts[k].push(counts[k]);
    this.#last = index;
  }
}

/**
 * Sums columns of distinct partitions minute by minute: a minute in several of them gets the
 * sum of each figure. Exact and independent of order (integer sums), so every order of the same
 * snapshots gives the same columns.
 *
 * @param parts columns as {@linkcode MinuteColumnsWriter} writes them (JSON-parsed is fine)
 * @returns new columns holding every minute of any part
 * @throws {TypeError} when a part's columns differ in length; {RangeError} for a gap not > 0
 */
export function sumColumns(parts: readonly MinuteColumns[]): MinuteColumns {
  for (const part of parts) checkShape(part);
  const next = parts.map(() => 0); // per part, the row its cursor is on
  const at = parts.map((p) => (p.minutes.length > 0 ? p.minutes[0] : Infinity)); // its minute
  const out = new MinuteColumnsWriter();
  const counts = new Float64Array(EVENT_TYPES.length);
  for (;;) {
    let minute = Infinity;
    for (let p = 0; p < parts.length; p++) if (at[p] < minute) minute = at[p];
    if (minute === Infinity) return out.columns;
    let users = 0, sessions = 0, converted = 0;
    counts.fill(0);
    for (let p = 0; p < parts.length; p++) {
      if (at[p] !== minute) continue;
      const part = parts[p];
      const i = next[p]++;
      users += part.users[i];
      sessions += part.sessions[i];
      converted += part.converted[i];
      for (let k = 0; k < counts.length; k++) counts[k] += part.counts[k][i];
      at[p] = i + 1 < part.minutes.length ? minute + part.minutes[i + 1] : Infinity;
      if (!(at[p] > minute)) {
        throw new RangeError(
          `minute columns: gap ${part.minutes[i + 1]} at row ${i + 1} is not > 0`,
        );
      }
    }
    out.add(minute * MINUTE_MS, users, sessions, converted, counts);
  }
}

/**
 * The minutes of columns, in the form `minuteActivity()` emits closed minutes.
 *
 * @param columns columns as {@linkcode MinuteColumnsWriter} writes them
 * @returns one `MinuteActivity` per minute, ascending
 */
export function columnMinutes(columns: MinuteColumns): MinuteActivity[] {
  checkShape(columns);
  const out = new Array<MinuteActivity>(columns.minutes.length);
  let index = 0;
  for (let i = 0; i < out.length; i++) {
    index += columns.minutes[i];
    const counts = new Float64Array(EVENT_TYPES.length);
    for (let k = 0; k < counts.length; k++) counts[k] = columns.counts[k][i];
    out[i] = {
      minute: index * MINUTE_MS,
      users: columns.users[i],
      sessions: columns.sessions[i],
      converted: columns.converted[i],
      counts,
    };
  }
  return out;
}

/** Throws when columns do not all have one length (a snapshot from elsewhere is checked). */
function checkShape(c: MinuteColumns): void {
  const n = c.minutes?.length;
  const lengths = [c.users, c.sessions, c.converted, ...(c.counts ?? [])].map((a) => a?.length);
  if (
    !Array.isArray(c.minutes) || c.counts?.length !== EVENT_TYPES.length ||
    lengths.some((length) => length !== n)
  ) {
    throw new TypeError(
      `minute columns: expected ${EVENT_TYPES.length + 4} columns of one length, got lengths ${
        JSON.stringify([n, ...lengths])
      }`,
    );
  }
}
