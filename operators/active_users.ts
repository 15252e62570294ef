/**
 * Distinct active users per minute, and over a sliding window.
 *
 * @module
 */

import { map, type OperatorFunction } from "rxjs";
import { slidingWindow, type WindowResult } from "./sliding_window.ts";
import { MINUTE_MS } from "./time_buckets.ts";
import { tumblingWindow } from "./tumbling_window.ts";
import type { ActivityEvent, AnyBatch } from "./types.ts";

/** One row of the per-minute active users report; a minute without a row had 0 active users. */
export interface ActiveUsersRow {
  /** Start of the UTC minute, ms since the epoch (ISO text only in files and the API). */
  minute: number;
  /** Distinct (pseudonymous) user ids with any activity event in that minute. */
  active_users: number;
  /** Only on a minute still open (`emitOpen`): the count so far, replaced by later rows. */
  partial?: true;
}

/** Options of {@linkcode activeUsers}. */
export interface ActiveUsersOptions {
  /**
   * Also emit, after each batch, the still-open minutes it added events to, with the count so
   * far and `partial: true` (default false; live views only, see `WindowFunctions.emitOpen`).
   */
  emitOpen?: boolean;
}

/** One row of the sliding active users report. */
export interface SlidingActiveUsersRow {
  /** Exclusive end of the window, ms since the epoch. */
  window_end: number;
  /** Distinct user ids with any activity event in `[window_end - size, window_end)`. */
  active_users: number;
}

/** Options of {@linkcode slidingActiveUsers}. */
export interface SlidingActiveUsersOptions {
  /** Window length in ms (default 5 minutes). */
  size?: number;
  /** Distance between windows in ms (default 1 minute); must divide `size`. */
  slide?: number;
}

function newSet(): Set<string> {
  return new Set();
}

function addUser(users: Set<string>, event: ActivityEvent): void {
  users.add(event.userId);
}

function count(users: Set<string>): number {
  return users.size;
}

/**
 * Counts distinct users with any activity event per event-time minute.
 *
 * Reads only `activity` batches; a minute is emitted when the activity watermark passes its end,
 * and the rest at completion. The report is sparse: only minutes with at least one activity event
 * get a row, and a missing minute means 0 active users. Minutes without events cost nothing, so a
 * year of sparse history stays small and fast.
 *
 * @param opts `emitOpen` adds partial rows of open minutes (live only).
 * @returns An operator from batches to arrays of rows in minute order (partial rows last).
 */
export function activeUsers(
  opts: ActiveUsersOptions = {},
): OperatorFunction<AnyBatch, ActiveUsersRow[]> {
  return (source) =>
    source.pipe(
      tumblingWindow({
        table: "activity",
        size: MINUTE_MS,
        emitOpen: opts.emitOpen,
        create: newSet,
        add: addUser,
        result: count,
      }),
      map(toMinuteRows),
    );
}

function toMinuteRows(windows: WindowResult<number>[]): ActiveUsersRow[] {
  const rows = new Array<ActiveUsersRow>(windows.length);
  for (let i = 0; i < windows.length; i++) {
    rows[i] = { minute: windows[i].start, active_users: windows[i].value };
    if (windows[i].partial) rows[i].partial = true;
  }
  return rows;
}

/**
 * Counts distinct users with any activity event over a sliding event-time window, for example
 * the last 5 minutes every minute; an example of {@linkcode slidingWindow}.
 *
 * @param opts `size` (default 5 minutes) and `slide` (default 1 minute), in ms.
 * @returns An operator from batches to arrays of rows in window order.
 */
export function slidingActiveUsers(
  opts: SlidingActiveUsersOptions = {},
): OperatorFunction<AnyBatch, SlidingActiveUsersRow[]> {
  const size = opts.size ?? 5 * MINUTE_MS;
  const slide = opts.slide ?? MINUTE_MS;
  return (source) =>
    source.pipe(
      slidingWindow({
        table: "activity",
        size,
        slide,
        emitEmpty: true,
        create: newSet,
        add: addUser,
        result: count,
      }),
      map(toSlidingRows),
    );
}

function toSlidingRows(windows: WindowResult<number>[]): SlidingActiveUsersRow[] {
  const rows = new Array<SlidingActiveUsersRow>(windows.length);
  for (let i = 0; i < windows.length; i++) {
    rows[i] = {
      window_end: windows[i].end,
      active_users: windows[i].value,
    };
  }
  return rows;
}
