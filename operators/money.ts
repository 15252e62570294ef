/**
 * Exact money and exact decimal rounding for the reports.
 *
 * Amounts are summed in micros (millionths, the unit of `Transaction.unitPriceMicros`) without
 * ever losing a unit, and rounded to cents, half away from zero, only when a row is produced.
 *
 * @module
 */

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * An exact running sum of `quantity × unitPriceMicros`. Adds in a plain number while the sum is a
 * safe integer (the common case, no allocation) and spills into a BigInt when it would not be.
 *
 * @example
 * ```ts
 * const sum = new MicrosSum();
 * sum.add(6, 2_550_000); // 6 × 2.55
 * microsToMoney(sum.micros); // 15.3
 * ```
 */
export class MicrosSum {
  #small = 0;
  #big = 0n;

  /** Adds `quantity × unitPriceMicros` (both integers). */
  add(quantity: number, unitPriceMicros: number): void {
    const product = quantity * unitPriceMicros;
    // A float product within ±MAX is exact; one beyond it may have been rounded.
    if (product <= MAX && product >= -MAX) {
      const sum = this.#small + product;
      if (sum <= MAX && sum >= -MAX) {
        this.#small = sum;
        return;
      }
      this.#big += BigInt(this.#small) + BigInt(product);
      this.#small = 0;
      return;
    }
    this.#big += BigInt(quantity) * BigInt(unitPriceMicros);
  }

  /** The exact total in micros. */
  get micros(): bigint {
    return this.#big + BigInt(this.#small);
  }
}

/**
 * Rounds an integer quotient `numerator / denominator` half away from zero, exactly.
 *
 * @returns The rounded quotient as a BigInt.
 */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  if (negative) n = -n;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/**
 * Money amounts a report holds: below 2⁴⁵ currency units (about 3.5 × 10¹³) in magnitude. Below it
 * a double tells every whole number of cents apart (its spacing is at most 2⁻⁸), and
 * `Math.round(value * 100)` gives back the cents of the double nearest to an amount. A larger sum
 * (tens of thousands of lines near `MAX_LINE_TOTAL` in one month) could not be given to the cent:
 * {@linkcode microsToMoney} makes it null.
 */
export const MAX_MONEY = 2 ** 45;
const MAX_CENTS = BigInt(MAX_MONEY) * 100n;

/**
 * Converts exact micros to an amount in currency units, rounded to cents half away from zero.
 *
 * @param micros An amount in millionths.
 * @returns A number with at most 2 decimals (the double nearest to the decimal, e.g. `1234.5`),
 *   or null when the amount lies beyond ±{@linkcode MAX_MONEY} and no number holds it to the cent.
 * @example
 * ```ts
 * microsToMoney(5_000n); // 0.01 (0.005 rounds away from zero)
 * microsToMoney(-5_000n); // -0.01
 * microsToMoney(2n ** 45n * 1_000_000n); // null
 * ```
 */
export function microsToMoney(micros: bigint): number | null {
  const cents = divideRounded(micros, 10_000n);
  if (cents >= MAX_CENTS || cents <= -MAX_CENTS) return null;
  // cents / 100 is a correctly rounded division: the double nearest to the decimal amount.
  return Number(cents) / 100;
}

/**
 * `numerator / denominator` rounded half away from zero to `decimals` places. Exact for safe
 * integers (counts, sums of integer ratings, millisecond spans); other inputs fall back to
 * float arithmetic.
 *
 * @param numerator The dividend.
 * @param denominator The divisor.
 * @param decimals Decimal places to keep, 0..15.
 * @returns The rounded ratio, or `null` when `denominator` is 0.
 * @example
 * ```ts
 * roundRatio(2, 3, 4); // 0.6667
 * roundRatio(1, 0, 4); // null
 * ```
 */
export function roundRatio(
  numerator: number,
  denominator: number,
  decimals: number,
): number | null {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new RangeError(`decimals must be an integer in 0..15, got ${decimals}`);
  }
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
    const q = divideRounded(BigInt(numerator) * BigInt(scale), BigInt(denominator));
    return Number(q) / scale;
  }
  const ratio = numerator / denominator;
  return Math.sign(ratio) * Math.round(Math.abs(ratio) * scale) / scale;
}
