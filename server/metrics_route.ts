/**
 * `GET /metrics`: Prometheus scrape endpoint.
 *
 * @module
 */

import type { Handler } from "hono";
import { LIVE_SCOPE } from "./api_routes.ts";
import type { ColumnTable } from "./column_table.ts";
import type { LiveFeed } from "./live_feed.ts";
import {
  type PipelineMetrics,
  PROMETHEUS_CONTENT_TYPE,
  prometheusText,
} from "./prometheus_text.ts";
import type { ReportStore } from "./report_store.ts";
import type { SseHub } from "./sse_hub.ts";

/**
 * Handler serving the pipeline's metrics: from the live feed's gauges when there is one, else
 * from the lake's `quality` report (input and quarantine counts of the last replay).
 */
export function metricsRoute(store: ReportStore, hub: SseHub, live?: LiveFeed): Handler {
  return async (c) => {
    const metrics = live ? fromLive(live, hub) : fromQuality(await store.read("quality"), hub);
    return c.body(prometheusText(metrics), 200, { "content-type": PROMETHEUS_CONTENT_TYPE });
  };
}

function fromLive(live: LiveFeed, hub: SseHub): PipelineMetrics {
  const g = live.gauges();
  return {
    eventsIn: g.events_in,
    recordsPerSecond: g.records_per_second,
    quarantinedByReason: live.quarantineByReason(),
    consumerLag: g.consumer_lag,
    watermarkDelaySeconds: g.watermark_delay_ms === undefined
      ? undefined
      : g.watermark_delay_ms / 1000,
    sseClients: hub.clientCount,
    scope: LIVE_SCOPE,
  };
}

function fromQuality(table: ColumnTable, hub: SseHub): PipelineMetrics {
  let eventsIn: number | undefined;
  const quarantinedByReason: Record<string, number> = {};
  for (let i = 0; i < table.length; i++) {
    const reason = String(table.get(i, "reason"));
    const count = Number(table.get(i, "count"));
    if (reason === "total_input") eventsIn = (eventsIn ?? 0) + count;
    else if (reason !== "valid") {
      quarantinedByReason[reason] = (quarantinedByReason[reason] ?? 0) + count;
    }
  }
  return {
    eventsIn,
    quarantinedByReason,
    sseClients: hub.clientCount,
    scope: "last replay (lake quality report)",
  };
}
