/**
 * Review titles and bodies by rating. Bodies deliberately contain quotes, commas, line breaks
 * and non-ASCII letters (é, ã, ü) so readers must handle real-world text.
 *
 * @module
 */

import type { Prng } from "./prng.ts";

const TITLES: readonly (readonly string[])[] = [
  ["Waste of money", "Broke after a week", "Não recomendo", "Very disappointed"],
  ["Not great", "Meh, could be better", "Qualität eher schlecht"],
  ["OK for the price", "Average", "Does the job, mostly"],
  ["Good value", "Pretty good", "Très bien", "Happy with it"],
  ["Excellent!", "Love it", "Perfekt, sehr zufrieden", "Exactly as described", "5 stars"],
];

const BODIES: readonly (readonly string[])[] = [
  [
    'Stopped working after 3 days. Support said "not our problem".',
    "Arrived damaged, box crushed, parts missing.\nReturned it.",
    "Produto chegou quebrado, não funciona.",
  ],
  [
    "Cheaper materials than in the photos, but it works.",
    'The "premium" finish scratches easily, sadly.',
    "Die Qualität ist leider nicht überzeugend.",
  ],
  [
    "Does what it says, nothing more.\nDelivery was slow.",
    "Fine, I guess. Instructions were confusing, though.",
    "Rapport qualité/prix correct, sans plus.",
  ],
  [
    "Solid build, fast delivery, would buy again.",
    'My partner calls it "the best purchase this year", I\'d say good.',
    "Très pratique, un peu bruyant.",
  ],
  [
    "Absolutely love it! Works perfectly, arrived early.",
    "Great quality, great price.\n\nHighly recommended, 10/10.",
    'Perfeito, exatamente como anunciado. "Obrigado"!',
    "Super Qualität, schnelle Lieferung, gerne wieder.",
  ],
];

/**
 * Draws a title and a body for a rating; either may be null (the reviewer left it empty).
 *
 * @param rng the review stream
 * @param rating 1..5
 * @returns the title and body
 */
export function reviewText(
  rng: Prng,
  rating: number,
): { title: string | null; body: string | null } {
  const r = rating - 1;
  const title = rng.next() < 0.15 ? null : rng.pick(TITLES[r]);
  let body: string | null = null;
  if (rng.next() >= 0.1) {
    body = rng.pick(BODIES[r]);
    if (rng.next() < 0.3) body += "\n" + rng.pick(BODIES[r]);
  }
  return { title, body };
}

const RATINGS_HAPPY = [0.05, 0.06, 0.12, 0.32, 0.45];
const RATINGS_UNHAPPY = [0.4, 0.3, 0.18, 0.08, 0.04];

/**
 * Draws a rating 1..5, skewed high unless the buyer sent the item back.
 *
 * @param rng the review stream
 * @param unhappy true when the line was refunded or returned
 * @returns the rating
 */
export function drawRating(rng: Prng, unhappy: boolean): number {
  const probs = unhappy ? RATINGS_UNHAPPY : RATINGS_HAPPY;
  let u = rng.next();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i];
    if (u < 0) return i + 1;
  }
  return 5;
}
