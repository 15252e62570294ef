/**
 * Options shared by every command that runs the operator graph (replay, start, bench).
 *
 * @module
 */

import type { OptionSpec, ParsedOptions } from "../options.ts";
import type { AnalyticsOptions } from "../analytics.ts";
import { DEFAULT_LATENESS_MS } from "../../operators/watermark.ts";
import { DEFAULT_SPIKE_OPTIONS } from "../../operators/spike_alerts.ts";

/** Event-time and analytics options with their defaults. */
export const ANALYTICS_OPTIONS: OptionSpec[] = [
  {
    name: "lateness",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help:
      "allowed lateness: records older than (latest event time - lateness) are quarantined as late",
    env: "SHOPEASE_LATENESS",
    default: `${DEFAULT_LATENESS_MS}ms`,
  },
  {
    name: "lookback",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help: "purchase-behaviour join: how far before a purchase views count",
    env: "SHOPEASE_LOOKBACK",
    default: "24h",
  },
  {
    name: "top-n",
    kind: "int",
    min: 1,
    max: 1000,
    placeholder: "N",
    help: "products per month in top_products",
    default: 10,
  },
  {
    name: "spike-alpha",
    kind: "number",
    min: 0.001,
    max: 1,
    placeholder: "A",
    help: "EWMA smoothing factor of the spike baseline",
    env: "SHOPEASE_SPIKE_ALPHA",
    default: DEFAULT_SPIKE_OPTIONS.alpha,
  },
  {
    name: "spike-threshold",
    kind: "number",
    min: 0,
    placeholder: "Z",
    help: "z-score at which a per-minute count fires an alert",
    env: "SHOPEASE_SPIKE_THRESHOLD",
    default: DEFAULT_SPIKE_OPTIONS.threshold,
  },
  {
    name: "spike-min-count",
    kind: "int",
    min: 0,
    placeholder: "N",
    help: "minimum per-minute count for an alert",
    env: "SHOPEASE_SPIKE_MIN_COUNT",
    default: DEFAULT_SPIKE_OPTIONS.minCount,
  },
  {
    name: "spike-warmup",
    kind: "int",
    min: 0,
    placeholder: "MINUTES",
    help: "minutes of data before alerts may fire",
    env: "SHOPEASE_SPIKE_WARMUP",
    default: DEFAULT_SPIKE_OPTIONS.warmup,
  },
  {
    name: "spike-cooldown",
    kind: "int",
    min: 0,
    placeholder: "MINUTES",
    help: "minutes an alert stays firing at least (one spike, one alert)",
    env: "SHOPEASE_SPIKE_COOLDOWN",
    default: DEFAULT_SPIKE_OPTIONS.cooldown,
  },
];

/**
 * Turns parsed option values into the graph's analytics parameters.
 *
 * @param values parsed values of {@linkcode ANALYTICS_OPTIONS}
 */
export function analyticsFromOptions(
  values: ParsedOptions["values"],
): AnalyticsOptions & { lateness: number } {
  return {
    lateness: values.lateness as number,
    lookback: values.lookback as number,
    topN: values["top-n"] as number,
    spike: {
      alpha: values["spike-alpha"] as number,
      threshold: values["spike-threshold"] as number,
      minCount: values["spike-min-count"] as number,
      warmup: values["spike-warmup"] as number,
      cooldown: values["spike-cooldown"] as number,
    },
  };
}
