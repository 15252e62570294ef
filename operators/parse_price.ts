/**
 * Lenient price parsing for hand-edited exports (`$1,299.00`, `€ 12.50`), and the one price
 * rule every table follows ({@linkcode priceProblem}).
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

/**
 * The one price rule of every table and format: a price that is not a number is
 * `invalid_number:<field>`; a negative price is `invalid_price`, whether it is an activity
 * event's, an inventory price or unit cost, or a transaction's unit price. A sale line (a
 * transaction, refund or return) also needs a positive price: a zero-priced line carries no
 * revenue and is `invalid_price`; a listed price of zero (a free sample) is valid.
 *
 * @param micros The price × 10⁶ (from `parseMicros` or {@linkcode parsePriceMicros}); `NaN` when
 *   the text was not a number.
 * @param field The input field name for the reason code.
 * @param sale `true` for a transaction's unit price.
 * @returns `null` when the price is valid, else the reason code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(priceProblem(-1_000_000, "price"), "invalid_price");
 * assert.equal(priceProblem(0, "price"), null);
 * assert.equal(priceProblem(0, "unit_price", true), "invalid_price");
 * assert.equal(priceProblem(NaN, "unit_cost"), "invalid_number:unit_cost");
 * ```
 */
export function priceProblem(micros: number, field: string, sale = false): string | null {
  if (micros !== micros) return `invalid_number:${field}`;
  if (micros < 0 || (sale && micros === 0)) return "invalid_price";
  return null;
}

/**
 * The largest total a sale line may have, quantity × unit price in currency units: far above any
 * real line (the UCI Online Retail set's largest is 168,469.60), and low enough that the exact
 * sums of a month's lines stay within what a money report column holds to the cent (`MAX_MONEY`,
 * 2⁴⁵, about 3.5 × 10¹³: some 35,000 lines of this size in one month) for any realistic data;
 * beyond it a report's amount is null (`microsToMoney`).
 */
export const MAX_LINE_TOTAL = 1e9;

/**
 * `invalid_line_total` for a sale line whose quantity × unit price is above
 * {@linkcode MAX_LINE_TOTAL} (one such line made a month's revenue too large to write exactly,
 * and the report's write stopped the run), else `null`.
 *
 * @param quantityMicros The quantity × 10⁶ (its sign is ignored: returns count too).
 * @param unitPriceMicros The unit price × 10⁶.
 * @returns The reason code, or `null`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(lineTotalProblem(80_995e6, 2_080_000), null);
 * assert.equal(lineTotalProblem(100_000_000e6, 1_000_000e6), "invalid_line_total");
 * ```
 */
export function lineTotalProblem(quantityMicros: number, unitPriceMicros: number): string | null {
  return Math.abs(quantityMicros / 1e6) * (unitPriceMicros / 1e6) > MAX_LINE_TOTAL
    ? "invalid_line_total"
    : null;
}
