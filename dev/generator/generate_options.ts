/**
 * Options of the generator, their defaults and their checks, plus a parser for the CLI's
 * `--spike TYPE:FACTOR@ISO` flag.
 *
 * @module
 */

import type { EventType } from "../../operators/types.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import { END_MS, START_MS } from "./intensity.ts";
import type { Scale } from "./manifest.ts";
import type { SpikeOptions } from "./spike.ts";
import { P_CART } from "./sessions.ts";
import { ZIPF_S } from "./catalog.ts";

/** Options of `generate`. */
export interface GenerateOptions {
  /** Output folder (created if missing; the five files in it are overwritten). */
  out: string;
  /**
   * `small` ≈ 40 000 events (500 products), `medium` ≈ 10 000 000 (2 000 products), `demo`
   * ≈ 450 000 events over 40 products with 2.5 × the add-to-cart rate (a small shop whose top
   * products sell hundreds of units a month; what `deno task start` backfills).
   */
  scale?: Scale;
  /** Clickstream events to generate; overrides the scale's count. */
  events?: number;
  /** Seed of every random choice (default 42). */
  seed?: number;
  /** Share of faulty records per table, 0 to disable (default 0.01). */
  faultRate?: number;
  /** Multiplies the rate of one event type during a few minutes. */
  spike?: SpikeOptions;
  /** Called after each simulated day with events generated so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Options with defaults applied and values checked. */
export interface ResolvedOptions {
  scale: Scale;
  events: number;
  products: number;
  seed: number;
  faultRate: number;
  spike: Required<SpikeOptions> | null;
  /** Chance that a view adds to the cart. */
  cartRate: number;
  /** Zipf exponent of product popularity. */
  skew: number;
}

const SCALES: Record<Scale, Pick<ResolvedOptions, "events" | "products" | "cartRate" | "skew">> = {
  small: { events: 40_000, products: 500, cartRate: P_CART, skew: ZIPF_S },
  medium: { events: 10_000_000, products: 2_000, cartRate: P_CART, skew: ZIPF_S },
  demo: { events: 450_000, products: 40, cartRate: 2.5 * P_CART, skew: 2.2 },
};

/**
 * Applies defaults and checks every value.
 *
 * @param opts the caller's options
 * @returns the resolved options
 * @throws RangeError naming the option and the offending value
 */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  const scale = opts.scale ?? "small";
  if (!(scale in SCALES)) {
    throw new RangeError(`scale must be small, medium or demo; got ${JSON.stringify(scale)}`);
  }
  const events = opts.events ?? SCALES[scale].events;
  if (!Number.isInteger(events) || events < 1) {
    throw new RangeError(`events must be a whole number ≥ 1; got ${events}`);
  }
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number; got ${seed}`);
  const faultRate = opts.faultRate ?? 0.01;
  if (!(faultRate >= 0 && faultRate < 0.5)) {
    throw new RangeError(`fault rate must be in [0, 0.5); got ${faultRate}`);
  }
  const spike = opts.spike ? { ...opts.spike, minutes: opts.spike.minutes ?? 5 } : null;
  if (spike) checkSpike(spike);
  const { products, cartRate, skew } = SCALES[scale];
  return { scale, events, products, seed, faultRate, spike, cartRate, skew };
}

function checkSpike(spike: Required<SpikeOptions>): void {
  if (!EVENT_TYPES.includes(spike.eventType)) {
    throw new RangeError(
      `spike event type must be one of ${EVENT_TYPES.join(", ")}; got ${
        JSON.stringify(spike.eventType)
      }`,
    );
  }
  if (!(spike.factor >= 1)) throw new RangeError(`spike factor must be ≥ 1; got ${spike.factor}`);
  if (!(spike.at >= START_MS && spike.at <= END_MS)) {
    const range = `${new Date(START_MS).toISOString()} .. ${new Date(END_MS).toISOString()}`;
    throw new RangeError(`spike time must lie in ${range}; got ${spike.at}`);
  }
  if (!(spike.minutes > 0)) throw new RangeError(`spike minutes must be > 0; got ${spike.minutes}`);
}

/**
 * Parses the CLI spike flag `TYPE:FACTOR@ISO`, optionally `TYPE:FACTOR@ISO/MINUTES`.
 *
 * @param text e.g. `purchase:8@2025-06-14T19:00:00Z` or `view:5@2025-06-14T19:00Z/10`
 * @returns the spike options (checked by `generate`)
 * @throws RangeError naming the text when it does not have that shape
 * @example parseSpike("view:5@2025-06-14T19:00:00Z") // { eventType: "view", factor: 5, at: 1749927600000 }
 */
export function parseSpike(text: string): SpikeOptions {
  const m = /^([a-z_]+):(\d+(?:\.\d+)?)@([^/]+)(?:\/(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const at = m ? Date.parse(m[3]) : NaN;
  if (!m || Number.isNaN(at) || !EVENT_TYPES.includes(m[1] as EventType)) {
    throw new RangeError(
      `spike must look like TYPE:FACTOR@ISO-TIME (TYPE one of ${EVENT_TYPES.join("|")}); got ${
        JSON.stringify(text)
      }`,
    );
  }
  const spike: SpikeOptions = { eventType: m[1] as EventType, factor: Number(m[2]), at };
  if (m[4] !== undefined) spike.minutes = Number(m[4]);
  return spike;
}
