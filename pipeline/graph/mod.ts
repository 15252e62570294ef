/**
 * The one operator graph, composed once for replay and live: the cleaning chain, the analytics,
 * their options, and the first-failure latch of a synchronous graph.
 *
 * @module
 */

export { analytics, type AnalyticsOptions, type ReportStreams } from "./analytics.ts";
export { buildGraph, type Graph, type GraphOptions } from "./build_graph.ts";
export { cleanChain, type CleanOptions } from "./clean_chain.ts";
export { FirstFailure } from "./first_failure.ts";
export { ANALYTICS_OPTIONS, analyticsFromOptions, plausibleFromOptions } from "./graph_options.ts";
