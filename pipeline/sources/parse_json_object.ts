/**
 * `JSON.parse` for an input record: a JSON object, with every number a double cannot hold as
 * written kept as its text.
 *
 * @module
 */

/**
 * Parses `text` as a JSON object. A number a double does not hold exactly (an integer beyond
 * 2⁵³, such as a 64-bit user id `12345678901234567890`, or `1e400`) is kept as its text, at any
 * depth: rounded, two ids would become one, and differ from the same id written in a CSV file.
 * Only such an object is parsed a second time (with a reviver reading each number's source), so
 * ordinary records cost one `JSON.parse`.
 *
 * @param text The record's text.
 * @returns The object, or null when `text` is not JSON or not an object (or, holding such a
 *   number, is nested too deep to be read again).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseJsonObject('{"user_id":12345678901234567891,"qty":2}'),
 *   { user_id: "12345678901234567891", qty: 2 });
 * assert.equal(parseJsonObject("[1]"), null);
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // bad data, quarantined by the caller
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  if (!holdsInexactNumber(value)) return value as Record<string, unknown>;
  try {
    return JSON.parse(
      text,
      (_key, v, context?: { source?: string }) =>
        typeof v === "number" && isInexact(v) && context?.source !== undefined ? context.source : v,
    );
  } catch {
    // A reviver recurses: nesting some 10⁵ deep overflows the stack. Such a record cannot be
    // read as written, so it is not read (quarantined as malformed_json) rather than rounded.
    return null;
  }
}

/** Whether a parsed number may differ from its text: not finite, or an integer beyond 2⁵³. */
function isInexact(v: number): boolean {
  return !Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v));
}

/** Whether any number in `root` (at any depth; iterative, for deeply nested input) is inexact. */
function holdsInexactNumber(root: object): boolean {
  const stack: Record<string, unknown>[] = [root as Record<string, unknown>];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // `for in` over a parsed object or array: its own keys, no array of values made per record.
    for (const key in node) {
      const v = node[key];
      if (typeof v === "number") {
        if (isInexact(v)) return true;
      } else if (v !== null && typeof v === "object") stack.push(v as Record<string, unknown>);
    }
  }
  return false;
}
