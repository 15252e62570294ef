/**
 * Lenient price parsing for hand-edited exports (`$1,299.00`, `€ 12.50`).
 *
 * @module
 */

import { parseMicros } from "./parse_decimal.ts";

// Optional sign, optional currency prefix, digits in thousands groups or plain, optional fraction.
const PRICE_LIKE = /^([+-]?)[$€£]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

/**
 * Parses price-like text into exact integer millionths: surrounding whitespace (NBSP included),
 * one `$`, `€` or `£` prefix and thousands commas are allowed. Returns `NaN` for anything else,
 * including ambiguous `12,99` (a decimal comma is not guessed).
 *
 * Call {@linkcode parseMicros} first: this is the slow path for text that is not a plain number.
 *
 * @param text Price text such as `$1,299.00`.
 * @returns The price × 10⁶ as an integer, or `NaN`.
 *
 * @example
 * ```ts
 * parsePriceMicros("$1,299.00"); // 1299000000
 * parsePriceMicros(" £12.5 "); // 12500000
 * parsePriceMicros("12,99"); // NaN
 * ```
 */
export function parsePriceMicros(text: string): number {
  const m = PRICE_LIKE.exec(text.trim());
  if (m === null) return NaN;
  return parseMicros(m[1] + m[2].replaceAll(",", "") + (m[3] ?? ""));
}
