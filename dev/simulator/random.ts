/**
 * A small seeded pseudo-random generator (mulberry32), so simulated traffic repeats exactly for
 * a given seed.
 *
 * @module
 */

/** A seeded source of uniform numbers in [0, 1), with helpers. */
export interface Random {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponential waiting time with the given rate per unit (mean 1/rate). */
  exponential(rate: number): number;
  /** A random UUID-shaped string (version 4 layout), from this generator. */
  uuid(): string;
}

/**
 * Creates a deterministic generator from a 32-bit seed.
 *
 * @param seed any integer; equal seeds give equal sequences
 * @returns the generator
 * @example
 * ```ts
 * const rng = random(42);
 * rng.int(10); // same value on every run
 * ```
 */
export function random(seed: number): Random {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function hex(digits: number): string {
    let text = "";
    for (let i = 0; i < digits; i++) text += Math.floor(next() * 16).toString(16);
    return text;
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    exponential: (rate) => -Math.log(1 - next()) / rate,
    uuid: () =>
      `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
