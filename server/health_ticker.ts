/**
 * Periodic `health` events for the console's live cards.
 *
 * @module
 */

import type { HealthEvent } from "./console_events.ts";
import type { LiveFeed } from "./live_feed.ts";
import type { SseHub } from "./sse_hub.ts";

/**
 * Broadcasts the live feed's gauges as a transient `health` event (no id, not buffered for
 * resume) every `intervalMs`, while at least one client is connected.
 *
 * @returns a function that stops the ticker.
 */
export function healthTicker(live: LiveFeed, hub: SseHub, intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (hub.clientCount === 0) return;
    hub.broadcast(
      "health",
      {
        gauges: live.gauges(),
        quarantine: live.quarantineByReason(),
        sse_clients: hub.clientCount,
      } satisfies HealthEvent,
    );
  }, intervalMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
