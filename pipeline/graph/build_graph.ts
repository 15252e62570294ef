/**
 * The whole operator graph of a replay: the cleaning chain ({@linkcode cleanChain}) fanned out to
 * the analytics ({@linkcode analytics}). A live partition composes the same two pieces
 * (`pipeline/live/partition_graph.ts`).
 *
 * ```
 * raw ─► validate ─► anonymize ─► standardizeInventory ─► watermark ─┬─► clean (lake sink)
 *                                                                    └─► reports (report sinks)
 * ```
 *
 * @module
 */

import type { Observable } from "rxjs";
import type { AnyBatch, RawBatch } from "../../operators/types.ts";
import { analytics, type AnalyticsOptions, type ReportStreams } from "./analytics.ts";
import { cleanChain, type CleanOptions } from "./clean_chain.ts";

/** What the graph needs besides its input: the cleaning chain's and the analytics' options. */
export interface GraphOptions extends AnalyticsOptions, CleanOptions {}

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
  const clean = cleanChain(input, options);
  return { clean, reports: analytics(clean, options) };
}
