/**
 * The console's HTTP application: security middleware, JSON API, SSE, metrics, static files.
 *
 * @module
 */

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { apiRoutes } from "./api_routes.ts";
import { assertSafeBind } from "./bind_policy.ts";
import { eventsRoute } from "./events_route.ts";
import type { LiveFeed } from "./live_feed.ts";
import { metricsRoute } from "./metrics_route.ts";
import { hostCheck, hostMatcher } from "./middleware/host_check/index.ts";
import { originCheck } from "./middleware/origin_check/index.ts";
import { tokenAuth } from "./middleware/token_auth/index.ts";
import { ReportStore } from "./report_store.ts";
import type { SseHub } from "./sse_hub.ts";
import { staticFiles } from "./static_files.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** Lake folder; reports are read from `<lakeDir>/reports/<name>.json`. */
  lakeDir: string;
  /** Live metrics; when absent, per-minute routes read the lake reports. */
  live?: LiveFeed;
  hub: SseHub;
  /** Shared token; required on every route when set, and required to bind a non-loopback name. */
  token?: string;
  /** Bound hostname, used for the Host allowlist and the bind policy. */
  hostname: string;
  port: number;
  /** Extra hosts accepted in `Host`/`Origin`: `name` or `name:port`. */
  allowedHosts?: string[];
  /** Folder of the built console; default `ui/dist`. */
  uiDir?: string;
  /** Largest request body in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** ISO 4217 code of money shown by the console (`start --currency`); default from the data. */
  currency?: string;
}

/** The Content-Security-Policy: no inline scripts or styles, nothing from other origins. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

/**
 * Builds the app. Middleware order: security headers, Host allowlist (403), token (401),
 * Origin check (403), body limit (413); every error leaves through one `onError` as JSON
 * `{ error }`.
 *
 * @throws Error when `hostname` is not loopback and no token is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SseHub } from "./sse_hub.ts";
 * const lakeDir = await Deno.makeTempDir(); // a lake without reports yet
 * const app = createApp({ lakeDir, hub: new SseHub(), hostname: "127.0.0.1", port: 8080 });
 * const res = await app.request("http://127.0.0.1:8080/api/months");
 * assert.equal(res.status, 200);
 * await res.body?.cancel();
 * await Deno.remove(lakeDir, { recursive: true });
 * ```
 */
export function createApp(opts: AppOptions): Hono {
  assertSafeBind(opts.hostname, opts.token);
  const store = new ReportStore(opts.lakeDir);
  const allowed = hostMatcher(opts);
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const res = c.json({ error: error.message }, error.status);
      error.res?.headers.forEach((value, name) => res.headers.set(name, value));
      return res;
    }
    // One line per failure; the stack only when asked for, so a flood of bad requests cannot
    // flood the log.
    const debug = Deno.env.get("SHOPEASE_LOG_LEVEL") === "debug";
    console.error(
      `error: ${c.req.method} ${JSON.stringify(c.req.path)} failed: ${
        debug ? error.stack : String(error)
      }`,
    );
    return c.json({ error: "internal server error" }, 500);
  });
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404));

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    // Plain HTTP: HSTS would be ignored at best and sticky for localhost at worst.
    strictTransportSecurity: false,
  }));
  app.use(hostCheck(opts));
  if (opts.token) app.use(tokenAuth({ token: opts.token }));
  app.use(originCheck({ allowed }));
  app.use(bodyLimit({
    maxSize: opts.maxBodyBytes ?? 64 * 1024,
    onError: () => {
      throw new HTTPException(413, {
        message: `request body over ${opts.maxBodyBytes ?? 64 * 1024} bytes`,
      });
    },
  }));

  app.route(
    "/api",
    apiRoutes({ store, live: opts.live, hub: opts.hub, currency: opts.currency }),
  );
  app.get("/events", eventsRoute(opts.hub));
  app.get("/metrics", metricsRoute(store, opts.hub, opts.live));
  app.get("/healthz", (c) => c.json({ status: "ok", sse_clients: opts.hub.clientCount }));
  app.get("*", staticFiles(opts.uiDir));
  return app;
}
