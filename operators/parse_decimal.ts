/**
 * Exact decimal parsing into integer millionths ("micros") for money and quantities.
 *
 * @module
 */

// Decimal text with an exponent: the rare case, read by regex and shifted as digits.
const WITH_EXPONENT = /^([+-]?)(\d*)(?:\.(\d*))?[eE]([+-]?\d{1,4})$/;

/**
 * Parses a decimal number into an exact integer count of millionths, or `NaN` when the value is
 * not a plain decimal number.
 *
 * Text is read digit by digit, never through a float multiply, so `"0.29"` gives exactly
 * `290000` and `"1299.999999"` gives `1299999999`. A seventh and later fraction digit rounds
 * half away from zero. Accepted text: an optional sign, digits with an optional `.` fraction and
 * an optional exponent (`1.5e2`); no spaces, no thousands separators, no currency signs (see
 * `parsePriceMicros` for those). A JS number is rounded with `Math.round(x * 1e6)`. Results
 * beyond `Number.MAX_SAFE_INTEGER` are `NaN` because they could not be exact.
 *
 * @param value Decimal text or a JS number (as found in JSON input).
 * @returns The value × 10⁶ as an integer, or `NaN`.
 *
 * @example
 * ```ts
 * parseMicros("12.5"); // 12500000
 * parseMicros(12.5); // 12500000
 * parseMicros("12,5"); // NaN
 * ```
 */
export function parseMicros(value: string | number): number {
  if (typeof value === "number") {
    const micros = Math.round(value * 1e6);
    return Number.isSafeInteger(micros) ? micros + 0 : NaN;
  }
  const n = value.length;
  let i = 0;
  let negative = false;
  let c = value.charCodeAt(0);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let fraction = 0;
  if (i < n && value.charCodeAt(i) === 46) {
    i++;
    let scale = 100000;
    for (; i < n; i++) {
      c = value.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 1) fraction += c * scale;
      else if (scale === 0.1 && c >= 5) fraction += 1;
      // Integer steps only: 100000 → … → 1 → 0.1 (the rounding digit) → 0 (ignored digits).
      scale = scale >= 1 ? scale / 10 : 0;
      digits++;
    }
  }
  if (i < n) {
    c = value.charCodeAt(i);
    return (c === 101 || c === 69) ? parseWithExponent(value) : NaN;
  }
  if (digits === 0) return NaN;
  const micros = whole * 1e6 + fraction;
  if (!Number.isSafeInteger(micros)) return NaN;
  return negative && micros !== 0 ? -micros : micros;
}

/** Slow path for `1.5e2`-style text: shifts the decimal point within the digit string. */
function parseWithExponent(text: string): number {
  const m = WITH_EXPONENT.exec(text);
  if (m === null) return NaN;
  const whole = m[2];
  const fraction = m[3] ?? "";
  if (whole.length + fraction.length === 0) return NaN;
  const allDigits = whole + fraction;
  // Position of the decimal point within allDigits once multiplied by 10^(exponent + 6).
  const point = whole.length + Number(m[4]) + 6;
  let micros = 0;
  for (let k = 0; k < point; k++) {
    const d = k < allDigits.length ? allDigits.charCodeAt(k) - 48 : 0;
    micros = micros * 10 + d;
  }
  if (point >= 0 && point < allDigits.length && allDigits.charCodeAt(point) - 48 >= 5) micros++;
  if (!Number.isSafeInteger(micros)) return NaN;
  return m[1] === "-" && micros !== 0 ? -micros : micros;
}
