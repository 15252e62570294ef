/**
 * The rows of the `alerts` report, as `spikeAlerts` emits them.
 *
 * @module
 */

import { EVENT_TYPES } from "./registry.ts";
import type { EventType } from "./types.ts";

/** A spike alert: one `firing` row when a spike starts, one `resolved` row when it ends. */
export interface AlertRow {
  /** `<event_type>:<minute>` of the firing minute; the resolved row repeats it. */
  id: string;
  event_type: EventType;
  /** The minute of this row (the firing or the resolving minute), ms since the epoch. */
  minute: number;
  /** The count in that minute. */
  count: number;
  /** The EWMA mean before that minute, rounded to 3 decimals. */
  baseline: number;
  /** `(count - baseline) / max(sqrt(variance), sqrt(baseline), 1)`, rounded to 3 decimals. */
  zscore: number;
  state: "firing" | "resolved";
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Builds an alert row, with the baseline and z-score rounded to 3 decimals.
 *
 * @param id `<event_type>:<minute>` of the firing minute
 * @param k index of the event type in `EVENT_TYPES`
 * @param t the row's minute, ms since the epoch
 * @param count the count in that minute
 * @param baseline the EWMA mean before that minute
 * @param z the minute's z-score
 * @param state `firing` or `resolved`
 * @returns the row
 */
export function alert(
  id: string,
  k: number,
  t: number,
  count: number,
  baseline: number,
  z: number,
  state: AlertRow["state"],
): AlertRow {
  return {
    id,
    event_type: EVENT_TYPES[k],
    minute: t,
    count,
    baseline: round3(baseline),
    zscore: round3(z),
    state,
  };
}
