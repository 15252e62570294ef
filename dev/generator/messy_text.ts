/**
 * Messy spellings of clean inventory values, each of which standardization turns back into the
 * clean value: NFKC + trim + collapsed spaces for text, synonym lookup for categories, and
 * currency parsing for prices. Returned strings are ready to place in a CSV row.
 *
 * @module
 */

import { CATEGORY_SYNONYMS } from "../../operators/categories.ts";
import type { Prng } from "./prng.ts";

const NBSP = "\u00a0";

/**
 * Writes `text` with extra spaces, a no-break space or full-width letters.
 *
 * @param rng the fault stream
 * @param text a clean value (single spaces, no commas or quotes)
 * @returns a CSV field whose NFKC-trimmed-collapsed text is `text` but which differs from it
 * @example messyText(rng, "Acme TV") // e.g. "Acme  TV" or "Ａｃｍｅ TV"
 */
export function messyText(rng: Prng, text: string): string {
  const space = text.indexOf(" ");
  const way = rng.int(4);
  if (space > 0 && way === 0) return text.slice(0, space) + "  " + text.slice(space + 1);
  if (space > 0 && way === 1) return text.slice(0, space) + NBSP + text.slice(space + 1);
  if (way === 3) {
    const inner = space > 0 ? text.slice(0, space) + "   " + text.slice(space + 1) : text;
    return '"  ' + inner + ' "';
  }
  const end = space > 0 ? space : text.length;
  return fullWidth(text.slice(0, end)) + text.slice(end);
}

/** Full-width forms (U+FF01..U+FF5E) of printable ASCII; NFKC maps them back. */
function fullWidth(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c > 0x20 && c < 0x7f ? String.fromCharCode(c + 0xfee0) : text[i];
  }
  return out;
}

/**
 * Writes a canonical category as one of its synonyms or in another letter case.
 *
 * @param rng the fault stream
 * @param category a canonical category name
 * @returns a spelling that differs from `category` but standardizes to it
 * @example messyCategory(rng, "apparel") // e.g. "Clothing", "APPAREL", "fashion"
 */
export function messyCategory(rng: Prng, category: string): string {
  const options = [category.toUpperCase(), titleCase(category)];
  for (const [key, value] of Object.entries(CATEGORY_SYNONYMS)) {
    if (value === category && key !== category) options.push(key, titleCase(key));
  }
  return rng.pick(options);
}

function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/**
 * Writes a price like a shop front: `"$1,299.00"` (CSV-quoted because of the comma).
 *
 * @param cents the price in cents
 * @returns the quoted CSV field
 */
export function messyPrice(cents: number): string {
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return '"$' + whole + "." + String(cents % 100).padStart(2, "0") + '"';
}
