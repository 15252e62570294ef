/**
 * Service URLs as logs and errors may show them.
 *
 * @module
 */

/**
 * The URL with its password replaced by `***`: a Redis URL may carry credentials
 * (`redis://user:password@host`), and logs and error messages name the URL.
 *
 * @param url A service URL as configured.
 * @returns The URL safe to print.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(safeUrl("redis://app:secret@db:6379"), "redis://app:***@db:6379");
 * ```
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.href;
  } catch {
    // Not a URL: hide whatever stands between a scheme-like start and the last '@'.
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}
