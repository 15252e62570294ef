/**
 * Starts the console server on `Deno.serve`.
 *
 * @module
 */

import { assertSafeBind } from "./bind_policy.ts";
import { type AppOptions, createApp } from "./create_app.ts";
import { healthTicker } from "./health_ticker.ts";
import { ReportStore } from "./report_store.ts";
import { watchReports } from "./report_watcher.ts";

/** Options of {@linkcode startServer}: those of `createApp`, with defaults for the address. */
export interface ServerOptions extends Omit<AppOptions, "hostname" | "port"> {
  /** Default `127.0.0.1`. Anything else requires a token. */
  hostname?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Interval of `health` events when there is a live feed, ms. Default 1000. */
  healthIntervalMs?: number;
  /** Interval of the report-change poll, ms. Default 2000. */
  reportPollMs?: number;
}

/** A running console server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** Stops the server, the tickers and the event streams' heartbeats. */
  shutdown(): Promise<void>;
  /** Settles when the server has stopped. */
  finished: Promise<void>;
}

/**
 * Serves the console. The token defaults to `SHOPEASE_TOKEN`; binding a non-loopback hostname
 * without one throws before anything listens.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SseHub } from "./sse_hub.ts";
 * const lakeDir = await Deno.makeTempDir();
 * const server = startServer({ lakeDir, hub: new SseHub(), port: 0 }); // 0: any free port
 * assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
 * const res = await fetch(`${server.url}/healthz`);
 * assert.equal(res.status, 200);
 * await res.body?.cancel();
 * await server.shutdown();
 * await Deno.remove(lakeDir, { recursive: true });
 * ```
 */
export function startServer(opts: ServerOptions): RunningServer {
  const hostname = opts.hostname ?? "127.0.0.1";
  const token = opts.token ?? (Deno.env.get("SHOPEASE_TOKEN") || undefined);
  assertSafeBind(hostname, token);

  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = Deno.serve(
    { hostname, port: opts.port ?? 8080, onListen: () => {} },
    (request) => handler(request),
  );
  const port = server.addr.port;
  // The Host allowlist needs the real port, known only once listening (port 0); no request
  // can arrive before this synchronous assignment.
  handler = createApp({ ...opts, hostname, port, token }).fetch;

  const stopWatch = watchReports(new ReportStore(opts.lakeDir), opts.hub, opts.reportPollMs);
  const stopHealth = opts.live
    ? healthTicker(opts.live, opts.hub, opts.healthIntervalMs)
    : () => {};
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    finished: server.finished,
    async shutdown() {
      stopWatch();
      stopHealth();
      opts.hub.close();
      await server.shutdown();
    },
  };
}
