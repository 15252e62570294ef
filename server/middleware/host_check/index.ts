/**
 * Host header allowlist: the defence against DNS rebinding, where a foreign page resolves its
 * own name to 127.0.0.1 and reads a local server as if it were same-origin.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";

/** Options of {@linkcode hostCheck}. */
export interface HostCheckOptions {
  /** Port the server listens on; loopback names are allowed with it. */
  port: number;
  /** Hostname the server binds; allowed too unless it is a wildcard (`0.0.0.0`, `::`). */
  hostname?: string;
  /** Extra allowed hosts: `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[];
}

/** Predicate over `host[:port]` strings built from {@linkcode HostCheckOptions}. */
export type HostMatcher = (host: string) => boolean;

/**
 * Builds the predicate used by {@linkcode hostCheck} and by the Origin check: `localhost`,
 * `127.0.0.1` and `[::1]` with the server's port, the bound hostname, plus `allowedHosts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const allowed = hostMatcher({ port: 8080 });
 * assert.equal(allowed("localhost:8080"), true);
 * assert.equal(allowed("evil.example:8080"), false);
 * ```
 */
export function hostMatcher(options: HostCheckOptions): HostMatcher {
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  const names = ["localhost", "127.0.0.1", "[::1]"];
  const bound = options.hostname && bracket(options.hostname.toLowerCase());
  if (bound && bound !== "0.0.0.0" && bound !== "[::]") names.push(bound);
  for (const name of names) {
    exact.add(`${name}:${options.port}`);
    if (options.port === 80) exact.add(name);
  }
  for (const entry of options.allowedHosts ?? []) {
    const host = entry.trim().toLowerCase();
    if (/:\d+$/.test(host)) exact.add(host);
    else anyPort.add(bracket(host));
  }
  return (host) => {
    const value = host.toLowerCase();
    return exact.has(value) || anyPort.has(hostnameOf(value));
  };
}

/**
 * Middleware answering 403 to any request whose `Host` header is not allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * const app = new Hono();
 * app.use(hostCheck({ port: 8080, allowedHosts: ["console.internal"] }));
 * app.get("/", (c) => c.text("ok"));
 * const res = await app.request("/", { headers: { host: "evil.example:8080" } });
 * assert.equal(res.status, 403);
 * ```
 */
export function hostCheck(options: HostCheckOptions): MiddlewareHandler {
  const allowed = hostMatcher(options);
  return async (c, next) => {
    const header = c.req.header("host");
    const host = header ?? new URL(c.req.url).host;
    if (!allowed(host)) {
      // Without a Host header the URL's host is the server's own (behind the connection guard,
      // its private socket): not the client's to see.
      const what = header === undefined ? "the request has no Host header" : JSON.stringify(host);
      throw new HTTPException(403, { message: `host not allowed: ${what}` });
    }
    await next();
  };
}

/** `example.com:8080` → `example.com`; `[::1]:8080` → `[::1]`. */
function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

/** IPv6 literals appear bracketed in Host headers. */
function bracket(name: string): string {
  return name.includes(":") && !name.startsWith("[") ? `[${name}]` : name;
}
