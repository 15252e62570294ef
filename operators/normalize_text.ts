/**
 * Unicode and whitespace normalization for free-text inventory fields.
 *
 * @module
 */

/**
 * Normalizes text the way standardization compares it: Unicode NFKC (full-width letters,
 * ligatures, NBSP → space), whitespace runs of any kind collapsed to one space, ends trimmed.
 * Plain ASCII text with single inner spaces, the common case, is returned as is without
 * calling `normalize`.
 *
 * @param text Text as written in the input.
 * @returns The normalized text; the same string object when nothing changed.
 *
 * @example
 * ```ts
 * normalizeText("  Ｓａｍｓｕｎｇ\u00a0 Galaxy "); // "Samsung Galaxy"
 * ```
 */
export function normalizeText(text: string): string {
  const n = text.length;
  let clean = n === 0 || (text.charCodeAt(0) !== 32 && text.charCodeAt(n - 1) !== 32);
  for (let i = 0; clean && i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126 || (c === 32 && text.charCodeAt(i + 1) === 32)) clean = false;
  }
  if (clean) return text;
  const normalized = text.normalize("NFKC").replace(/\s+/g, " ").trim();
  return normalized === text ? text : normalized;
}
