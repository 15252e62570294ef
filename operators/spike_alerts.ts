/**
 * EWMA spike detection on per-minute event counts, with one alert per spike.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { EventCountRow } from "./event_counts.ts";
import { EVENT_TYPES } from "./registry.ts";
import { isoMinute, MINUTE_MS } from "./time_buckets.ts";
import { alert, type AlertRow } from "./alert_row.ts";
import { MAX_DATE_MS } from "./parse_time.ts";

/** Tuning of {@linkcode spikeAlerts}; every field is optional. */
export interface SpikeOptions {
  /** EWMA smoothing factor for the baseline mean and variance, in (0, 1] (default 0.1). */
  alpha?: number;
  /** Minutes observed per event type before any alert can fire (default 30). */
  warmup?: number;
  /** z-score at or above which a minute is a spike, > 0 (default 4). */
  threshold?: number;
  /** Smallest count that can fire, so sparse series never alert (default 20). */
  minCount?: number;
  /** Minutes after firing before the alert may resolve (default 10). */
  cooldown?: number;
}

/** The defaults of {@linkcode SpikeOptions}. */
export const DEFAULT_SPIKE_OPTIONS: Readonly<Required<SpikeOptions>> = {
  alpha: 0.1,
  warmup: 30,
  threshold: 4,
  minCount: 20,
  cooldown: 10,
};

interface Series {
  seen: number;
  mean: number;
  variance: number;
  firingId: string | null;
  firedAt: number;
}

/** After this many cooldowns of continuous spiking, the level is taken as the new baseline. */
const LEVEL_SHIFT_COOLDOWNS = 6;

/** Index of each event type in {@linkcode EVENT_TYPES}, the order of the alerts of one minute. */
const TYPE_INDEX: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((type, k) => [type, k]));

/**
 * Raises an alert when an event type's per-minute count jumps far above its recent baseline.
 *
 * Each event type has its own exponentially weighted mean and variance. A minute is a spike when
 * z = (count − mean) / max(√variance, √mean, 1) ≥ `threshold` and count ≥ `minCount`. The first spike
 * minute after at least `warmup` observed minutes emits a `firing` row; later spike minutes emit
 * nothing and are kept out of the baseline so the spike does not poison it. The first non-spike
 * minute at least `cooldown` minutes after firing emits one `resolved` row with the same id; a
 * spike that lasts `6 × cooldown` minutes is taken as a new level: resolved, baseline restarted.
 * An alert still firing at the end of input stays unresolved. Deterministic: no clock is read.
 *
 * Input is sparse, as `eventCounts` emits it: a (minute, event type) without a row counts 0.
 * Every event type is observed in every minute from the first row seen (whatever its type) to
 * the last, so the alerts are exactly those of the zero-filled series; a type never seen has no
 * series. Rows must come in minute order, and all rows of one minute in one array: the last
 * minute of each array is taken as complete, so its zeros (and the alerts they resolve) are not
 * held back until the next busy minute. Alerts come in minute order, then `EVENT_TYPES` order.
 *
 * Cost: quiet minutes are observed one by one as zeros until a zero no longer changes any series
 * (mean and variance decay to a floating-point fixed point within about 750 / alpha minutes, some
 * 5 days with the default alpha); the rest of a gap is skipped in O(1), so a gap of any length
 * costs a bounded loop. A zero is never a spike (threshold > 0), so nothing skipped could alert.
 *
 * Sensitivity: the spread is floored at √mean (Poisson), so a steady level with random arrivals
 * stays quiet even where the EWMA variance, a noisy estimate over about 19 minutes, dips; a strong
 * daily cycle, which the mean follows with a lag of about 9 minutes, may still need a higher
 * `threshold`.
 *
 * @param opts Tuning; see {@linkcode DEFAULT_SPIKE_OPTIONS} for defaults.
 * @returns An operator from arrays of count rows to arrays of alerts (only non-empty ones).
 * @throws {RangeError} When an option is out of range. Rows out of minute order, twice the same
 * (minute, type), or a malformed minute or event type reach the subscriber as an error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { from, lastValueFrom, toArray } from "rxjs";
 * // Per-minute counts (as `eventCounts()` emits them): 40 steady minutes, then a burst.
 * const counts = Array.from({ length: 42 }, (_, i) => [{
 *   minute: Date.UTC(2019, 9, 1, 0, i), event_type: "view" as const,
 *   count: i === 40 ? 500 : 50,
 * }]);
 * const alerts = await lastValueFrom(from(counts).pipe(spikeAlerts({ threshold: 5 }), toArray()));
 * assert.equal(alerts.flat()[0].state, "firing");
 * assert.equal(alerts.flat()[0].minute, Date.UTC(2019, 9, 1, 0, 40));
 * ```
 */
export function spikeAlerts(
  opts: SpikeOptions = {},
): OperatorFunction<EventCountRow[], AlertRow[]> {
  const { alpha, warmup, threshold, minCount, cooldown } = { ...DEFAULT_SPIKE_OPTIONS, ...opts };
  if (!(alpha > 0 && alpha <= 1)) {
    throw new RangeError(`spikeAlerts(): alpha must be in (0, 1], got ${alpha}`);
  }
  // A threshold of 0 would make a minute at the baseline, and a quiet minute, a spike.
  if (!(threshold > 0 && threshold < Infinity)) {
    throw new RangeError(`spikeAlerts(): threshold must be a finite number > 0, got ${threshold}`);
  }
  for (const [name, value] of Object.entries({ warmup, minCount, cooldown })) {
    if (!(value >= 0 && value < Infinity)) {
      throw new RangeError(`spikeAlerts(): ${name} must be a finite number >= 0, got ${value}`);
    }
  }
  const cooldownMs = cooldown * MINUTE_MS;
  const types = EVENT_TYPES.length;

  return (source) =>
    new Observable<AlertRow[]>((subscriber) => {
      const series = new Array<Series | undefined>(types); // by type index; undefined: never seen
      const counts = new Float64Array(types); // the open minute's counts, by type index
      const present = new Uint8Array(types); // 1 where the open minute has a row of that type
      let first = NaN; // the first minute seen: every series starts there
      let done = -Infinity; // every series has observed every minute up to this one
      let open = -Infinity; // the minute whose rows are being collected, -Infinity when none

      /** One minute `t` of type `k` with count `x`. */
      function observe(k: number, t: number, x: number, out: AlertRow[]): void {
        let s = series[k];
        if (s === undefined) {
          if (t === first) {
            // The first observation is the baseline; it cannot be a spike.
            series[k] = { seen: 1, mean: x, variance: 0, firingId: null, firedAt: 0 };
            return;
          }
          // Zero in every minute since `first`: mean and variance stayed 0, and no zero alerts.
          s = { seen: (t - first) / MINUTE_MS, mean: 0, variance: 0, firingId: null, firedAt: 0 };
          series[k] = s;
        }
        // The spread is at least Poisson's (√mean): counts of independent events vary that much
        // even when the EWMA variance, a noisy estimate, happens to be small.
        const z = (x - s.mean) / Math.max(Math.sqrt(s.variance), Math.sqrt(s.mean), 1);
        const spike = z >= threshold && x >= minCount;
        if (s.firingId === null && spike && s.seen >= warmup) {
          s.firingId = `${EVENT_TYPES[k]}:${isoMinute(t)}`;
          s.firedAt = t;
          out.push(alert(s.firingId, k, t, x, s.mean, z, "firing"));
          return; // kept out of the baseline
        }
        if (s.firingId !== null) {
          if (spike) {
            if (t - s.firedAt < LEVEL_SHIFT_COOLDOWNS * cooldownMs) return;
            // Still "spiking" after many cooldowns: this is the new level, not a spike. Resolve
            // and restart the baseline from here so the alert does not fire forever.
            out.push(alert(s.firingId, k, t, x, s.mean, z, "resolved"));
            s.firingId = null;
            s.mean = x;
            s.variance = x;
            s.seen++;
            return;
          }
          if (t - s.firedAt >= cooldownMs) {
            out.push(alert(s.firingId, k, t, x, s.mean, z, "resolved"));
            s.firingId = null;
          }
        }
        // Incremental EWMA of mean and variance (Finch 2009).
        const diff = x - s.mean;
        const step = alpha * diff;
        s.mean += step;
        s.variance = (1 - alpha) * (s.variance + diff * step);
        s.seen++;
      }

      /** Observes the open minute for every type: its count, or 0 for a type seen before. */
      function finish(out: AlertRow[]): void {
        for (let k = 0; k < types; k++) {
          if (present[k] === 1) observe(k, open, counts[k], out);
          else if (series[k] !== undefined) observe(k, open, 0, out);
          present[k] = 0;
        }
        done = open;
        open = -Infinity;
      }

      /** Observes 0 for every series in each minute of `[from, to)`, none of which had a row. */
      function fill(from: number, to: number, out: AlertRow[]): void {
        for (let t = from; t < to; t += MINUTE_MS) {
          let settled = true;
          for (let k = 0; k < types; k++) {
            const s = series[k];
            if (s === undefined) continue;
            const mean = s.mean;
            const variance = s.variance;
            observe(k, t, 0, out);
            if (s.firingId !== null || s.mean !== mean || s.variance !== variance) settled = false;
          }
          if (settled) {
            // Each series is at a fixed point: more zeros change nothing but the count seen.
            const rest = (to - t) / MINUTE_MS - 1;
            for (let k = 0; k < types; k++) if (series[k] !== undefined) series[k]!.seen += rest;
            return;
          }
        }
      }

      /** Adds one row to the open minute, first finishing the minutes before it. */
      function take(row: EventCountRow, out: AlertRow[]): void {
        const k = TYPE_INDEX.get(row.event_type);
        const t = row.minute;
        if (k === undefined) {
          const type = JSON.stringify(row.event_type);
          throw new TypeError(
            `spikeAlerts(): unknown event_type ${type} in minute ${minuteText(t)}`,
          );
        }
        if (!(t % MINUTE_MS === 0)) {
          throw new TypeError(
            `spikeAlerts(): minute must start a UTC minute, got ${minuteText(t)}`,
          );
        }
        if (t !== open) {
          const last = Math.max(open, done);
          if (!(t > last)) {
            const after = isoMinute(last);
            throw new RangeError(
              `spikeAlerts(): rows must come in minute order, each minute in one array; got ${
                minuteText(t)
              } after ${after}`,
            );
          }
          if (open > done) finish(out);
          if (done === -Infinity) first = t;
          else fill(done + MINUTE_MS, t, out);
          open = t;
        }
        if (present[k] === 1) {
          throw new RangeError(
            `spikeAlerts(): two rows for ${row.event_type} in ${minuteText(t)}`,
          );
        }
        present[k] = 1;
        counts[k] = row.count;
      }

      return source.subscribe({
        next(rows) {
          const out: AlertRow[] = [];
          try {
            for (let i = 0; i < rows.length; i++) take(rows[i], out);
            if (open > done) finish(out); // the array's last minute is complete
          } catch (err) {
            subscriber.error(err);
            return;
          }
          if (out.length > 0) subscriber.next(out);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}

/**
 * A row's minute for an error message. Only on the error path: formatting it for every row was
 * most of this operator's time.
 */
function minuteText(t: number): string {
  return Math.abs(t) <= MAX_DATE_MS ? new Date(t).toISOString() : JSON.stringify(t);
}
