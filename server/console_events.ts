/**
 * Payloads of the SSE events the console understands, published through `SseHub.publish`.
 * The pipeline publishes `metrics` and `alert`; the server publishes `report` and `health`.
 *
 * @module
 */

/**
 * `metrics`: one event-time minute, closed or (with `partial`) still open. Every field but
 * `minute` is optional, so a producer can publish what it has; the console merges events for
 * the same minute, a later one replacing the fields it carries.
 *
 * @example
 * ```ts
 * import { SseHub } from "./sse_hub.ts";
 * const hub = new SseHub();
 * hub.publish("metrics", {
 *   minute: "2019-10-01T00:05:00.000Z", active_users: 412, sessions: 380,
 *   converted_sessions: 12, rate: 0.0316, event_counts: { view: 2100, cart: 140, purchase: 12 },
 * } satisfies MetricsEvent);
 * ```
 */
export interface MetricsEvent {
  minute: string;
  active_users?: number;
  sessions?: number;
  converted_sessions?: number;
  rate?: number;
  /** Events in the minute by event type (`view`, `cart`, `remove_from_cart`, `purchase`). */
  event_counts?: Record<string, number>;
  /**
   * True while the minute is still open: the values so far, sent as transient events (no id)
   * every second or so while they change; the minute's closed values replace them.
   */
  partial?: boolean;
}

/** `alert`: an alert row, as in the `alerts` lake report; the same `id` moves firing → resolved. */
export interface AlertEvent {
  id: string;
  event_type: string;
  minute: string;
  count: number;
  baseline: number;
  zscore: number;
  state: "firing" | "resolved";
}

/** `report`: the lake report `name` (`top_products`, ...) was rewritten; refetch it. */
export interface ReportEvent {
  name: string;
}

/** `health`: pipeline gauges (see `LiveFeed.gauges`), quarantine by reason and SSE clients. */
export interface HealthEvent {
  gauges: Record<string, number>;
  quarantine: Record<string, number>;
  sse_clients: number;
  /** What the figures count (`/api/gauges` only): the live pipeline since start, or nothing. */
  scope?: string;
}
