/**
 * The contract between the live pipeline and the web console.
 *
 * The pipeline implements {@linkcode LiveFeed}; the server only reads through it. Rows have the
 * same shape as the rows of the matching lake report (`<lake>/reports/<metric>.json`), so the
 * console draws live and replayed data with the same code.
 *
 * @module
 */

/** Per-minute metrics the live pipeline can answer for. */
export type LiveMetric = "active_users" | "conversion" | "event_counts" | "alerts";

/** The live metrics the pipeline exposes to the server. */
export interface LiveFeed {
  /**
   * Rows of one per-minute metric, ordered by `minute`.
   *
   * @param metric which metric; rows match the lake report of the same name:
   *   active_users `{minute, active_users}`, conversion `{minute, sessions, converted_sessions,
   *   rate}`, event_counts `{minute, event_type, count}`, alerts `{id, event_type, minute, count,
   *   baseline, zscore, state}`. Rows of a minute still open carry `partial: true` (its values
   *   so far; the closed minute replaces them).
   * @param from inclusive lower bound, ISO minute (`2019-10-01T00:05:00.000Z`); none = open.
   * @param to exclusive upper bound, ISO minute; none = open.
   */
  query(metric: LiveMetric, from?: string, to?: string): Promise<Record<string, unknown>[]>;
  /**
   * Current pipeline gauges, read often (every second): keep it cheap. Known keys:
   * `events_in` (records read, total), `records_per_second`, `quarantined_total`,
   * `consumer_lag` (messages), `watermark_delay_ms`. Unknown keys are shown as they are.
   */
  gauges(): Record<string, number>;
  /** Quarantined records since start, by reason code (`late`, `invalid_price`, ...). */
  quarantineByReason(): Record<string, number>;
}
