/**
 * An in-memory {@linkcode LiveFeed} for tests: a real implementation of the interface over
 * arrays, which tests append to as time passes. It is a fixture, not a stand-in for a service.
 *
 * @module
 */

import type { LiveFeed, LiveMetric } from "../../server/live_feed.ts";

/** Rows held per metric, ordered by minute. */
export class MemoryLiveFeed implements LiveFeed {
  readonly rows: Record<LiveMetric, Record<string, unknown>[]> = {
    active_users: [],
    conversion: [],
    event_counts: [],
    alerts: [],
  };
  gaugeValues: Record<string, number> = {};
  quarantine: Record<string, number> = {};

  /** Appends one closed minute to every per-minute metric. */
  addMinute(minute: string, activeUsers: number, counts: Record<string, number>): void {
    this.rows.active_users.push({ minute, active_users: activeUsers });
    const sessions = Math.round(activeUsers * 0.9);
    const converted = counts.purchase ?? 0;
    this.rows.conversion.push({
      minute,
      sessions,
      converted_sessions: converted,
      rate: converted / sessions,
    });
    for (const [event_type, count] of Object.entries(counts)) {
      this.rows.event_counts.push({ minute, event_type, count });
    }
  }

  query(metric: LiveMetric, from?: string, to?: string): Promise<Record<string, unknown>[]> {
    return Promise.resolve(
      this.rows[metric].filter((row) => {
        const minute = String(row.minute);
        return (from === undefined || minute >= from) && (to === undefined || minute < to);
      }),
    );
  }

  gauges(): Record<string, number> {
    return { ...this.gaugeValues };
  }

  quarantineByReason(): Record<string, number> {
    return { ...this.quarantine };
  }
}
