/**
 * EWMA spike detection on per-minute event counts, with one alert per spike.
 *
 * @module
 */

import { Observable, type OperatorFunction } from "rxjs";
import type { EventCountRow } from "./event_counts.ts";
import { MINUTE_MS } from "./time_buckets.ts";
import type { EventType } from "./types.ts";

/** Tuning of {@linkcode spikeAlerts}; every field is optional. */
export interface SpikeOptions {
  /** EWMA smoothing factor for the baseline mean and variance, in (0, 1] (default 0.1). */
  alpha?: number;
  /** Minutes observed per event type before any alert can fire (default 30). */
  warmup?: number;
  /** z-score at or above which a minute is a spike (default 4). */
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

/** A spike alert: one `firing` row when a spike starts, one `resolved` row when it ends. */
export interface AlertRow {
  /** `<event_type>:<minute>` of the firing minute; the resolved row repeats it. */
  id: string;
  event_type: EventType;
  /** The minute of this row (the firing or the resolving minute), ISO-8601. */
  minute: string;
  /** The count in that minute. */
  count: number;
  /** The EWMA mean before that minute, rounded to 3 decimals. */
  baseline: number;
  /** `(count - baseline) / max(sqrt(variance), sqrt(baseline), 1)`, rounded to 3 decimals. */
  zscore: number;
  state: "firing" | "resolved";
}

interface Series {
  seen: number;
  mean: number;
  variance: number;
  firingId: string | null;
  firedAt: number;
}

/** After this many cooldowns of continuous spiking, the level is taken as the new baseline. */
const LEVEL_SHIFT_COOLDOWNS = 6;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Raises an alert when an event type's per-minute count jumps far above its recent baseline.
 *
 * Each event type has its own exponentially weighted mean and variance. A minute is a spike when
 * z = (count − mean) / max(√variance, √mean, 1) ≥ `threshold` and count ≥ `minCount`. The first spike
 * minute after at least `warmup` observed minutes emits a `firing` row; later spike minutes emit
 * nothing and are kept out of the baseline so the spike does not poison it. The first non-spike
 * minute at least `cooldown` minutes after firing emits one `resolved` row with the same id; a
 * spike that lasts `6 × cooldown` minutes is taken as a new level: resolved, baseline restarted.
 * Rows must come in minute order per event type (as `eventCounts` emits them). An alert
 * still firing at the end of input stays unresolved. Deterministic: no clock is read.
 *
 * Sensitivity: the spread is floored at √mean (Poisson), so a steady level with random arrivals
 * stays quiet even where the EWMA variance, a noisy estimate over about 19 minutes, dips; a strong
 * daily cycle, which the mean follows with a lag of about 9 minutes, may still need a higher
 * `threshold`.
 *
 * @param opts Tuning; see {@linkcode DEFAULT_SPIKE_OPTIONS} for defaults.
 * @returns An operator from arrays of count rows to arrays of alerts (only non-empty ones).
 * @throws {RangeError} When an option is out of range.
 * @example
 * ```ts
 * activity$.pipe(eventCounts(), spikeAlerts({ threshold: 5 }));
 * ```
 */
export function spikeAlerts(
  opts: SpikeOptions = {},
): OperatorFunction<EventCountRow[], AlertRow[]> {
  const { alpha, warmup, threshold, minCount, cooldown } = { ...DEFAULT_SPIKE_OPTIONS, ...opts };
  if (!(alpha > 0 && alpha <= 1)) {
    throw new RangeError(`spikeAlerts(): alpha must be in (0, 1], got ${alpha}`);
  }
  for (const [name, value] of Object.entries({ warmup, threshold, minCount, cooldown })) {
    if (!(value >= 0 && value < Infinity)) {
      throw new RangeError(`spikeAlerts(): ${name} must be a finite number >= 0, got ${value}`);
    }
  }
  const cooldownMs = cooldown * MINUTE_MS;

  return (source) =>
    new Observable<AlertRow[]>((subscriber) => {
      const series = new Map<string, Series>();

      function observe(row: EventCountRow, out: AlertRow[]): void {
        const x = row.count;
        const s = series.get(row.event_type);
        if (s === undefined) {
          // The first observation is the baseline; it cannot be a spike.
          series.set(row.event_type, { seen: 1, mean: x, variance: 0, firingId: null, firedAt: 0 });
          return;
        }
        // The spread is at least Poisson's (√mean): counts of independent events vary that much
        // even when the EWMA variance, a noisy estimate, happens to be small.
        const z = (x - s.mean) / Math.max(Math.sqrt(s.variance), Math.sqrt(s.mean), 1);
        const spike = z >= threshold && x >= minCount;
        if (s.firingId === null && spike && s.seen >= warmup) {
          s.firingId = `${row.event_type}:${row.minute}`;
          s.firedAt = Date.parse(row.minute);
          out.push(alert(s.firingId, row, s.mean, z, "firing"));
          return; // kept out of the baseline
        }
        if (s.firingId !== null) {
          if (spike) {
            if (Date.parse(row.minute) - s.firedAt < LEVEL_SHIFT_COOLDOWNS * cooldownMs) return;
            // Still "spiking" after many cooldowns: this is the new level, not a spike. Resolve
            // and restart the baseline from here so the alert does not fire forever.
            out.push(alert(s.firingId, row, s.mean, z, "resolved"));
            s.firingId = null;
            s.mean = x;
            s.variance = x;
            s.seen++;
            return;
          }
          if (Date.parse(row.minute) - s.firedAt >= cooldownMs) {
            out.push(alert(s.firingId, row, s.mean, z, "resolved"));
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

      return source.subscribe({
        next(rows) {
          const out: AlertRow[] = [];
          try {
            for (let i = 0; i < rows.length; i++) observe(rows[i], out);
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

function alert(
  id: string,
  row: EventCountRow,
  baseline: number,
  z: number,
  state: AlertRow["state"],
): AlertRow {
  return {
    id,
    event_type: row.event_type,
    minute: row.minute,
    count: row.count,
    baseline: round3(baseline),
    zscore: round3(z),
    state,
  };
}
