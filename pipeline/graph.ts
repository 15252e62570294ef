/**
 * The one operator graph. Replay (files) and live (Kafka) both push raw micro-batches into it;
 * it cleans them and fans the clean batches out to the analytics operators.
 *
 * ```
 * raw ─► validate ─► anonymize ─► standardizeInventory ─► watermark ─┬─► clean (lake sink)
 *                                                                    └─► reports (report sinks)
 * ```
 *
 * @module
 */

import { type Observable, share } from "rxjs";
import type { AnyBatch, RawBatch } from "../operators/types.ts";
import { type Decoders, validate } from "../operators/validate.ts";
import type { PlausibleTime } from "../operators/plausible_time.ts";
import { anonymize } from "../operators/anonymize.ts";
import { standardizeInventory } from "../operators/standardize_inventory.ts";
import { watermark } from "../operators/watermark.ts";
import { analytics, type AnalyticsOptions, type ReportStreams } from "./analytics.ts";

/** What the graph needs besides its input. */
export interface GraphOptions extends AnalyticsOptions {
  /** Keyed pseudonym function (HMAC); see `createPseudonymizer`. */
  pseudonym: (id: string) => string;
  /** Allowed lateness in ms: records older than the watermark are quarantined as `late`. */
  lateness: number;
  /** Decoders of the input format; the native layout when absent. */
  decoders?: Decoders;
  /** Event times outside it are quarantined as `implausible_time`; no check when absent. */
  plausibleTime?: PlausibleTime;
  /**
   * How long (ms of event time) transaction ids are remembered for `duplicate_id`; at least the
   * lateness is used, since records that late still pass. Default: for ever.
   */
  dedupeWindow?: number;
  /** Receives inventory standardization fix counts by kind. */
  fixes: Record<string, number>;
}

/** The graph's outputs: clean batches (for the lake) and one stream of rows per report. */
export interface Graph {
  clean: Observable<AnyBatch>;
  reports: ReportStreams;
}

/**
 * Builds the graph over `input`. Nothing runs until the outputs are subscribed; subscribe to
 * every output you need before pushing the first batch, since the graph is hot (shared).
 *
 * @param input raw micro-batches from any source
 * @param options keys, lateness and analytics parameters
 * @returns the clean batches and the report streams
 */
export function buildGraph(input: Observable<RawBatch>, options: GraphOptions): Graph {
  const clean = input.pipe(
    validate(options.decoders, {
      plausibleTime: options.plausibleTime,
      dedupeWindow: Math.max(options.dedupeWindow ?? Infinity, options.lateness),
    }),
    anonymize(options.pseudonym),
    standardizeInventory(options.fixes),
    watermark({ lateness: options.lateness }),
    share(),
  );
  return { clean, reports: analytics(clean, options) };
}
