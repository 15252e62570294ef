/**
 * `GET /events`: the console's Server-Sent Events stream.
 *
 * @module
 */

import type { Handler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { SseHub } from "./sse_hub.ts";

/**
 * Handler connecting the request to the hub. Resumes from the `Last-Event-ID` header (sent by
 * `EventSource` on reconnect) or a `lastEventId` query parameter; 429 when the hub is full.
 */
export function eventsRoute(hub: SseHub): Handler {
  return (c) => {
    const lastEventId = c.req.header("last-event-id") ?? c.req.query("lastEventId");
    const stream = hub.connect(lastEventId);
    if (stream === null) {
      throw new HTTPException(429, {
        message: `too many event-stream clients (${hub.clientCount} connected)`,
        res: new Response(null, { headers: { "retry-after": "5" } }),
      });
    }
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        // Stops nginx-style proxies from buffering the stream.
        "x-accel-buffering": "no",
      },
    });
  };
}
