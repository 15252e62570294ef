/**
 * Shared-token authentication by `Authorization: Bearer` or by a cookie, so that `EventSource`
 * (which cannot set headers) works too.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";

/** Options of {@linkcode tokenAuth}. */
export interface TokenAuthOptions {
  /** The shared secret (`SHOPEASE_TOKEN`). */
  token: string;
  /** Cookie holding the token. Default `shopease_token`. */
  cookieName?: string;
}

/**
 * Middleware requiring the token on every route. Visiting `/?token=<token>` once stores it in
 * an HttpOnly, SameSite=Strict cookie and redirects to `/`, dropping the token from the address
 * bar and history. A missing or wrong token gets 401.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * const app = new Hono();
 * app.use(tokenAuth({ token: Deno.env.get("SHOPEASE_TOKEN") ?? "a-long-example-token" }));
 * ```
 */
export function tokenAuth(options: TokenAuthOptions): MiddlewareHandler {
  if (options.token.length < 8) {
    throw new RangeError(`token must have at least 8 characters, got ${options.token.length}`);
  }
  const expected = new TextEncoder().encode(options.token);
  const cookieName = options.cookieName ?? "shopease_token";
  const unauthorized = () =>
    new HTTPException(401, {
      message: "missing or wrong token",
      res: new Response(null, { headers: { "www-authenticate": 'Bearer realm="shopease"' } }),
    });

  return async (c, next): Promise<Response | void> => {
    const fromQuery = c.req.path === "/" ? c.req.query("token") : undefined;
    if (fromQuery !== undefined) {
      if (!sameSecret(fromQuery, expected)) throw unauthorized();
      setCookie(c, cookieName, fromQuery, { httpOnly: true, sameSite: "Strict", path: "/" });
      return c.redirect("/", 303);
    }
    const header = c.req.header("authorization");
    const bearer = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    const given = bearer ?? getCookie(c, cookieName);
    if (given === undefined || !sameSecret(given, expected)) throw unauthorized();
    await next();
  };
}

/** Compares in time independent of where the strings differ. */
function sameSecret(given: string, expected: Uint8Array): boolean {
  const bytes = new TextEncoder().encode(given);
  let diff = bytes.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (bytes[i] ?? 0) ^ expected[i];
  return diff === 0;
}
