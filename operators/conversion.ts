/**
 * Per-minute session conversion: sessions with a purchase among sessions with any event.
 *
 * @module
 */

import { map, type OperatorFunction } from "rxjs";
import type { WindowResult } from "./sliding_window.ts";
import { MINUTE_MS } from "./time_buckets.ts";
import { tumblingWindow } from "./tumbling_window.ts";
import type { ActivityEvent, AnyBatch } from "./types.ts";

/** One row of the per-minute conversion report; a minute without a row had no session. */
export interface ConversionRow {
  /** Start of the UTC minute, ms since the epoch (ISO text only in files and the API). */
  minute: number;
  /** Distinct sessions with any activity event in the minute. */
  sessions: number;
  /** Of those, the sessions with a `purchase` event in the same minute. */
  converted_sessions: number;
  /** `converted_sessions / sessions` rounded to 6 decimals (`sessions` is never 0 in a row). */
  rate: number;
  /** Only on a minute still open (`emitOpen`): the figures so far, replaced by later rows. */
  partial?: true;
}

/** Options of {@linkcode conversion}. */
export interface ConversionOptions {
  /**
   * Also emit, after each batch, the still-open minutes it added events to, with the figures so
   * far and `partial: true` (default false; live views only, see `WindowFunctions.emitOpen`).
   */
  emitOpen?: boolean;
}

interface Sessions {
  all: Set<string>;
  converted: Set<string>;
}

function newSessions(): Sessions {
  return { all: new Set(), converted: new Set() };
}

function addSession(acc: Sessions, event: ActivityEvent): void {
  acc.all.add(event.userSession);
  if (event.eventType === "purchase") acc.converted.add(event.userSession);
}

function toRow(acc: Sessions, start: number): ConversionRow {
  const sessions = acc.all.size;
  const converted = acc.converted.size;
  const rate = sessions === 0 ? 0 : Math.round((converted / sessions) * 1e6) / 1e6;
  return { minute: start, sessions, converted_sessions: converted, rate };
}

function values(windows: WindowResult<ConversionRow>[]): ConversionRow[] {
  const rows = new Array<ConversionRow>(windows.length);
  for (let i = 0; i < windows.length; i++) {
    rows[i] = windows[i].value;
    if (windows[i].partial) rows[i].partial = true;
  }
  return rows;
}

/**
 * Computes per event-time minute the distinct sessions, the converted ones and their ratio.
 *
 * Reads only `activity` batches; a minute is emitted when the activity watermark passes its end,
 * and the rest at completion. The report is sparse: only minutes with at least one activity event
 * get a row, and a missing minute means zero sessions, zero converted sessions and rate 0.
 *
 * @param opts `emitOpen` adds partial rows of open minutes (live only).
 * @returns An operator from batches to arrays of rows in minute order (partial rows last).
 */
export function conversion(
  opts: ConversionOptions = {},
): OperatorFunction<AnyBatch, ConversionRow[]> {
  return (source) =>
    source.pipe(
      tumblingWindow({
        table: "activity",
        size: MINUTE_MS,
        emitOpen: opts.emitOpen,
        create: newSessions,
        add: addSession,
        result: toRow,
      }),
      map(values),
    );
}
