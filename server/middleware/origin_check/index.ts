/**
 * Origin check for state-changing requests and for the event stream.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { HostMatcher } from "../host_check/index.ts";

/** Options of {@linkcode originCheck}. */
export interface OriginCheckOptions {
  /** Which hosts count as ours (see `hostMatcher`). */
  allowed: HostMatcher;
  /** GET paths checked too; non-GET requests are always checked. Default `["/events"]`. */
  paths?: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Middleware answering 403 when a browser sends a foreign `Origin` on a non-GET request or on
 * one of `paths` (EventSource sends cookies cross-site otherwise readable by any page).
 * Requests without `Origin` (curl, Prometheus) pass: they carry no ambient browser credentials.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { hostMatcher } from "../host_check/index.ts";
 * const app = new Hono();
 * app.use(originCheck({ allowed: hostMatcher({ port: 8080 }) }));
 * ```
 */
export function originCheck(options: OriginCheckOptions): MiddlewareHandler {
  const paths = new Set(options.paths ?? ["/events"]);
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && (!SAFE_METHODS.has(c.req.method) || paths.has(c.req.path))) {
      if (!originAllowed(origin, options.allowed)) {
        throw new HTTPException(403, { message: `origin not allowed: "${origin}"` });
      }
    }
    await next();
  };
}

function originAllowed(origin: string, allowed: HostMatcher): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  // URL drops the default port; Host headers keep whatever the browser sent, so try both.
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowed(url.host) || allowed(`${url.hostname}:${port}`);
}
