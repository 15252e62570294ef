/**
 * Starts the console server: a guarded TCP front door ({@linkcode connectionGuard}) in front of
 * `Deno.serve` on a private Unix socket.
 *
 * @module
 */

import { join } from "node:path";
import { assertSafeBind } from "./bind_policy.ts";
import { connectionGuard } from "./connection_guard.ts";
import { type AppOptions, createApp } from "./create_app.ts";
import { healthTicker } from "./health_ticker.ts";
import { defaultMaxConnections } from "./open_file_limit.ts";
import { ReportStore } from "./report_store.ts";
import { watchReports } from "./report_watcher.ts";
import { makeOwnedTempDir } from "./owned_temp_dir.ts";

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
  /** Most client connections at once; default from the descriptor limit (see `open_file_limit.ts`). */
  maxConnections?: number;
  /** Time a connection has to send its first request's headers, ms. Default 10 000. */
  headerTimeoutMs?: number;
  /** A connection silent both ways this long is closed, ms. Default 60 000 (SSE heartbeats every 15 s keep streams open). */
  idleTimeoutMs?: number;
}

/** Defaults of the connection limits. */
export const CONNECTION_DEFAULTS = { headerTimeoutMs: 10_000, idleTimeoutMs: 60_000 } as const;

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
 * without one throws before anything listens. Running out of file descriptors sheds connections
 * (503, or a closed socket) and never ends the process: the front door backs off and the inner
 * HTTP server is restarted if its accept loop fails.
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
  const warn = rateLimitedWarning(5_000);

  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const socketDir = makeOwnedTempDir("shopease-console-");
  let inner: Deno.HttpServer<Deno.UnixAddr> | null = null;
  let socketPath = "";
  let generation = 0;
  let stopping = false;
  const startInner = (): void => {
    const path = join(socketDir, `http-${generation++}.sock`);
    try {
      const server = Deno.serve({ path, onListen: () => {} }, (request) => handler(request));
      inner = server;
      socketPath = path;
      server.finished.catch((error) => {
        if (stopping || inner !== server) return;
        // Deno.serve's accept loop ends on its first accept error (EMFILE): serve again.
        warn(`console: HTTP server stopped (${String(error)}); restarting it`);
        setTimeout(() => stopping || startInner(), 100);
      });
    } catch (error) {
      warn(`console: cannot start the HTTP server (${String(error)}); retrying`);
      setTimeout(() => stopping || startInner(), 500);
    }
  };
  startInner();

  const guard = connectionGuard({
    hostname,
    port: opts.port ?? 8080,
    maxConnections: opts.maxConnections ?? defaultMaxConnections(),
    headerTimeoutMs: opts.headerTimeoutMs ?? CONNECTION_DEFAULTS.headerTimeoutMs,
    idleTimeoutMs: opts.idleTimeoutMs ?? CONNECTION_DEFAULTS.idleTimeoutMs,
    connectUpstream: () => Deno.connect({ transport: "unix", path: socketPath }),
    onWarning: warn,
  });
  const port = guard.port;
  // The Host allowlist needs the real port, known only once listening (port 0); no request
  // can arrive before this synchronous assignment.
  handler = createApp({ ...opts, hostname, port, token }).fetch;

  const stopWatch = watchReports(new ReportStore(opts.lakeDir), opts.hub, opts.reportPollMs);
  const stopHealth = opts.live
    ? healthTicker(opts.live, opts.hub, opts.healthIntervalMs)
    : () => {};
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const finished = Promise.withResolvers<void>();
  return {
    url: `http://${host}:${port}`,
    port,
    finished: finished.promise,
    async shutdown() {
      stopping = true;
      stopWatch();
      stopHealth();
      opts.hub.close();
      await guard.close();
      await (inner as Deno.HttpServer | null)?.shutdown().catch(() => {});
      await Deno.remove(socketDir, { recursive: true }).catch(() => {});
      finished.resolve();
    },
  };
}

/** A warning printer that drops repeats of the same kind within `intervalMs`. */
function rateLimitedWarning(intervalMs: number): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const kind = message.split(" ", 4).join(" ");
    const now = Date.now();
    if (now - (last.get(kind) ?? -Infinity) < intervalMs) return;
    last.set(kind, now);
    console.error(`warn: ${message}`);
  };
}
