/**
 * The rule that a console reachable from other machines must require a token.
 *
 * @module
 */

/** True for names that only this machine can reach: `localhost`, `127.x.x.x`, `::1`. */
export function isLoopback(hostname: string): boolean {
  const name = hostname.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Refuses a non-loopback bind without a token.
 *
 * @param hostname the address to bind.
 * @param token the shared token, if any.
 * @throws Error naming the hostname and how to fix it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assertSafeBind("127.0.0.1", undefined); // ok
 * assert.throws(() => assertSafeBind("0.0.0.0", undefined)); // throws: set SHOPEASE_TOKEN
 * ```
 */
export function assertSafeBind(hostname: string, token: string | undefined): void {
  if (isLoopback(hostname) || (token !== undefined && token !== "")) return;
  throw new Error(
    `Refusing to serve the console on non-loopback address "${hostname}" without a token: ` +
      `set SHOPEASE_TOKEN (or bind 127.0.0.1).`,
  );
}
