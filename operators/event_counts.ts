/**
 * Per-minute counts of each activity event type, sparse: only counts above zero get a row.
 *
 * @module
 */

import { map, type OperatorFunction } from "rxjs";
import type { WindowResult } from "./sliding_window.ts";
import { MINUTE_MS } from "./time_buckets.ts";
import { tumblingWindow } from "./tumbling_window.ts";
import type { ActivityEvent, AnyBatch, EventType } from "./types.ts";
import { EVENT_TYPES } from "./registry.ts";

/** One row of the per-minute event counts report; a (minute, type) pair without a row had 0. */
export interface EventCountRow {
  /** Start of the UTC minute, ms since the epoch (ISO text only in files and the API). */
  minute: number;
  event_type: EventType;
  /** Events of that type in the minute, always at least 1. */
  count: number;
  /** Only on a minute still open (`emitOpen`): the count so far, replaced by later rows. */
  partial?: true;
}

/** Options of {@linkcode eventCounts}. */
export interface EventCountsOptions {
  /**
   * Also emit, after each batch, the still-open minutes it added events to, with the counts so
   * far and `partial: true` (default false; live views only, see `WindowFunctions.emitOpen`).
   */
  emitOpen?: boolean;
}

/** Counts in {@linkcode EVENT_TYPES} order. */
type Counts = Float64Array;

function newCounts(): Counts {
  return new Float64Array(4);
}

function addEvent(counts: Counts, event: ActivityEvent): void {
  switch (event.eventType) {
    case "view":
      counts[0]++;
      break;
    case "cart":
      counts[1]++;
      break;
    case "remove_from_cart":
      counts[2]++;
      break;
    case "purchase":
      counts[3]++;
      break;
  }
}

function toRows(windows: WindowResult<Counts>[]): EventCountRow[] {
  const rows: EventCountRow[] = [];
  for (let i = 0; i < windows.length; i++) {
    const minute = windows[i].start;
    const counts = windows[i].value;
    const partial = windows[i].partial;
    for (let k = 0; k < 4; k++) {
      if (!(counts[k] > 0)) continue;
      const row: EventCountRow = { minute, event_type: EVENT_TYPES[k], count: counts[k] };
      if (partial) row.partial = true;
      rows.push(row);
    }
  }
  return rows;
}

function identity(counts: Counts): Counts {
  return counts;
}

/**
 * Counts activity events per event-time minute and event type.
 *
 * Reads only `activity` batches; a minute is emitted when the activity watermark passes its end,
 * and the rest at completion. The report is sparse: a (minute, event type) pair gets a row only
 * when its count is above zero, and a missing pair means 0; minutes without events cost nothing.
 * Rows are ordered by minute, then view, cart, remove_from_cart, purchase, and the rows of one
 * minute always come in the same array. `spikeAlerts` fills the missing zeros itself.
 *
 * @param opts `emitOpen` adds partial rows of open minutes (live only; never feed those to
 *   `spikeAlerts`).
 * @returns An operator from batches to arrays of rows (partial rows last).
 */
export function eventCounts(
  opts: EventCountsOptions = {},
): OperatorFunction<AnyBatch, EventCountRow[]> {
  return (source) =>
    source.pipe(
      tumblingWindow({
        table: "activity",
        size: MINUTE_MS,
        emitOpen: opts.emitOpen,
        create: newCounts,
        add: addEvent,
        result: identity,
      }),
      map(toRows),
    );
}
