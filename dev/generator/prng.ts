/**
 * A small, fast, seeded pseudo-random generator (sfc32) so generated data is identical for
 * identical options. `Math.random()` is never used by the generator.
 *
 * @module
 */

/**
 * Mixes a 32-bit integer into a well-spread 32-bit hash (the murmur3 finalizer).
 *
 * @param x any number; only its low 32 bits are used
 * @returns an unsigned 32-bit integer
 * @example hash32(42) !== hash32(43)
 */
export function hash32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded sfc32 generator. Separate streams (same seed, different `stream`) are independent,
 * so adding a spike or faults does not disturb the draws that shape the clean data.
 *
 * @example
 * ```ts
 * const rng = new Prng(42, 1);
 * const dice = 1 + rng.int(6);
 * ```
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @param seed the user's seed (any integer)
   * @param stream which independent stream of that seed
   */
  constructor(seed: number, stream = 0) {
    this.#a = hash32(seed ^ 0x9e3779b9);
    this.#b = hash32(this.#a + stream * 0x6d2b79f5 + 1);
    this.#c = hash32(this.#b ^ 0x1b873593);
    this.#d = 1;
    for (let i = 0; i < 16; i++) this.uint32();
  }

  /** @returns the next unsigned 32-bit integer */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** @returns a float in [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * @param n exclusive upper bound (> 0)
   * @returns an integer in [0, n)
   */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * @param lo inclusive lower bound
   * @param hi exclusive upper bound
   * @returns a float in [lo, hi)
   */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * @param items a non-empty list
   * @returns one item, uniformly
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * Picks an index by weight from a cumulative weight table (binary search).
   *
   * @param cumulative non-decreasing cumulative weights; the last is the total
   * @returns an index in [0, cumulative.length)
   */
  weighted(cumulative: ArrayLike<number>): number {
    const target = this.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** @returns a 36-character UUID-like string (version 4 layout) */
  uuid(): string {
    const a = hex8(this.uint32());
    const b = hex8(this.uint32());
    const c = hex8(this.uint32());
    const d = hex8(this.uint32());
    return a + "-" + b.slice(0, 4) + "-4" + b.slice(5, 8) + "-" + VARIANT[this.uint32() & 3] +
      c.slice(1, 4) + "-" + c.slice(4, 8) + d;
  }
}

const VARIANT = ["8", "9", "a", "b"];

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/**
 * Builds a cumulative table from weights, for {@linkcode Prng.weighted}.
 *
 * @param weights non-negative weights
 * @returns running sums
 * @example cumulate([1, 2, 3]) // Float64Array [1, 3, 6]
 */
export function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}
