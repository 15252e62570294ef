/**
 * Prometheus text exposition (format 0.0.4) of the pipeline's gauges.
 *
 * @module
 */

/** The values {@linkcode prometheusText} exposes; a missing value is left out, not sent as 0. */
export interface PipelineMetrics {
  eventsIn?: number;
  recordsPerSecond?: number;
  quarantinedByReason: Record<string, number>;
  consumerLag?: number;
  watermarkDelaySeconds?: number;
  sseClients: number;
  /**
   * What the counts cover (`live pipeline since this process started`, `last replay (lake
   * quality report)`): a comment line first, and part of the counters' HELP.
   */
  scope?: string;
}

/** Content type of the exposition format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Renders the metrics as Prometheus text: `shopease_events_in_total`,
 * `shopease_records_per_second`, `shopease_quarantined_total{reason=...}`,
 * `shopease_consumer_lag`, `shopease_watermark_delay_seconds`, `shopease_sse_clients`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const text = prometheusText({ eventsIn: 10, quarantinedByReason: { late: 1 }, sseClients: 2 });
 * // "# HELP shopease_events_in_total ...\nshopease_events_in_total 10\n..."
 * assert.match(text, /^shopease_events_in_total 10$/m);
 * ```
 */
export function prometheusText(m: PipelineMetrics): string {
  const out: string[] = [];
  const scope = m.scope ? ` Scope: ${m.scope}.` : "";
  if (m.scope) out.push(`# Scope: ${m.scope}`);
  family(
    out,
    "shopease_events_in_total",
    "counter",
    `Records read from all sources.${scope}`,
    m.eventsIn,
  );
  family(
    out,
    "shopease_records_per_second",
    "gauge",
    "Records processed per second.",
    m.recordsPerSecond,
  );
  header(
    out,
    "shopease_quarantined_total",
    "counter",
    `Records quarantined, by reason code.${scope}`,
  );
  for (const reason of Object.keys(m.quarantinedByReason).sort()) {
    out.push(
      `shopease_quarantined_total{reason="${escapeLabel(reason)}"} ${
        num(m.quarantinedByReason[reason])
      }`,
    );
  }
  family(out, "shopease_consumer_lag", "gauge", "Kafka messages not yet consumed.", m.consumerLag);
  family(
    out,
    "shopease_watermark_delay_seconds",
    "gauge",
    "How far the event-time watermark trails the newest event.",
    m.watermarkDelaySeconds,
  );
  family(
    out,
    "shopease_sse_clients",
    "gauge",
    "Console clients connected to /events.",
    m.sseClients,
  );
  return out.join("\n") + "\n";
}

function family(
  out: string[],
  name: string,
  type: string,
  help: string,
  value: number | undefined,
): void {
  header(out, name, type, help);
  if (value !== undefined) out.push(`${name} ${num(value)}`);
}

function header(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function num(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}
