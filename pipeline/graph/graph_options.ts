/**
 * The graph's options as command-line flags and environment variables, shared by every command
 * that runs the operator graph (replay, start, bench).
 *
 * @module
 */

import { type OptionSpec, type ParsedOptions, UsageError } from "../options.ts";
import type { AnalyticsOptions } from "./analytics.ts";
import { DEFAULT_LATENESS_MS } from "../../operators/watermark.ts";
import { DEFAULT_SPIKE_OPTIONS } from "../../operators/spike_alerts.ts";
import { parseTime } from "../../operators/parse_time.ts";
import {
  DEFAULT_MAX_FUTURE_MS,
  type PlausibleTime,
  plausibleTimeAt,
} from "../../operators/plausible_time.ts";

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
    name: "max-future",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help:
      "records dated later than the run's start (a Kafka message: its timestamp) + this are quarantined as implausible_time",
    env: "SHOPEASE_MAX_FUTURE",
    default: `${DEFAULT_MAX_FUTURE_MS / 3_600_000}h`,
  },
  {
    name: "min-event-time",
    kind: "string",
    placeholder: "TIME",
    help: "records dated before this (UTC) are quarantined as implausible_time",
    env: "SHOPEASE_MIN_EVENT_TIME",
    default: "2000-01-01",
  },
  {
    name: "dedupe-window",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help:
      "a transaction id accepted within this much event time (at least --lateness) before is duplicate_id; bounds memory",
    env: "SHOPEASE_DEDUPE_WINDOW",
    default: "30d",
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

/**
 * The plausible event-time window from `--max-future` and `--min-event-time`, relative to
 * `now`. A replay calls it once with its start time, so its output does not depend on the wall
 * clock unless the data lies within `--max-future` of it; a live run calls it per batch, and a
 * Kafka message is judged against its own timestamp + `--max-future` (`PlausibleTime.maxFuture`),
 * so reading it again later gives the same answer.
 *
 * @param values parsed values of {@linkcode ANALYTICS_OPTIONS}
 * @param now the run's "now", ms since the epoch
 * @throws UsageError when `--min-event-time` is not a timestamp or lies after the window's end
 */
export function plausibleFromOptions(
  values: ParsedOptions["values"],
  now: number,
): PlausibleTime {
  const text = String(values["min-event-time"]);
  const min = parseTime(text);
  const window = plausibleTimeAt(now, values["max-future"] as number, min);
  if (min !== min || min > window.max) {
    throw new UsageError(
      `--min-event-time expects a UTC time like 2000-01-01 before now + --max-future; got ${
        JSON.stringify(text)
      }`,
    );
  }
  return window;
}
