/**
 * The pseudonymizer's cache: ASCII ids, held as bytes, to their pseudonyms.
 *
 * @module
 */

/** Computes the pseudonym of the id in `bytes[start, start + length)`. */
export type BytePseudonym = (bytes: Uint8Array, start: number, length: number) => string;

/**
 * A bounded cache from ids to pseudonyms, keyed by the ids' bytes rather than by strings.
 *
 * Why not a `Map<string, string>`: ids arrive as fresh strings sliced from a source chunk, so a
 * map hashes each one in the runtime and must copy every key it keeps (a slice would pin its
 * whole chunk); that cost about as much as the HMACs. Here the caller hands over the ids of a
 * batch encoded in one buffer; a lookup hashes the bytes in JS and probes an open-addressing
 * table of typed arrays, and a new entry copies its bytes into an arena. Keys and values of
 * recent entries sit together (entries are numbered in insertion order), which keeps the hot
 * part of the cache in few memory lines.
 *
 * Two generations of at most `generation` entries each: a miss goes into the young one; when it
 * is full it becomes the old one and the previous old one is emptied and reused. An id found
 * only in the old generation is copied into the young one, so ids in use stay cached.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createByteHmac } from "./fast_hmac.ts";
 * const key = new TextEncoder().encode("an example key, 32 bytes or more");
 * const hmac = createByteHmac(key); // null for ids longer than 55 bytes: not in this example
 * const table = new PseudonymTable((b, start, length) => hmac(b, start, length)!, 100_000);
 * const bytes = new TextEncoder().encode("541312140");
 * const first = table.pseudonym(bytes, 0, bytes.length); // computed once, then cached
 * assert.equal(table.pseudonym(bytes, 0, bytes.length), first);
 * ```
 */
export class PseudonymTable {
  #young: Generation;
  #old: Generation;
  readonly #compute: BytePseudonym;
  readonly #limit: number;

  /**
   * @param compute Computes a pseudonym that is not cached.
   * @param generation Entries per generation (the cache holds up to twice as many), at least 1.
   */
  constructor(compute: BytePseudonym, generation: number) {
    if (!(generation >= 1)) {
      throw new RangeError(`generation must be at least 1, got ${generation}`);
    }
    this.#compute = compute;
    this.#limit = Math.floor(generation);
    this.#young = new Generation(this.#limit);
    this.#old = new Generation(this.#limit);
  }

  /**
   * The pseudonym of the id in `bytes[start, start + length)`, from the cache or computed.
   *
   * @param bytes A buffer holding the id's bytes.
   * @param start Where the id starts.
   * @param length Its length in bytes.
   * @returns Its pseudonym.
   */
  pseudonym(bytes: Uint8Array, start: number, length: number): string {
    const hash = hashBytes(bytes, start, length);
    let young = this.#young;
    let found = young.find(bytes, start, length, hash);
    if (found >= 0) return young.values[found];
    const old = this.#old;
    const inOld = old.find(bytes, start, length, hash);
    const value = inOld >= 0 ? old.values[inOld] : this.#compute(bytes, start, length);
    if (young.size >= this.#limit) {
      old.clear();
      this.#old = young;
      this.#young = young = old;
      found = ~(hash & young.mask);
    }
    young.insert(~found, bytes, start, length, hash, value);
    return value;
  }
}

/** One generation: an open-addressing index over entries numbered in insertion order. */
class Generation {
  readonly mask: number;
  /** Per slot: the key's hash, then its entry number + 1 (0 marks an empty slot). */
  readonly #slots: Int32Array;
  /** Entry `e`'s key is `arena[starts[e], starts[e + 1])`. */
  readonly #starts: Int32Array;
  #arena: Uint8Array;
  readonly values: string[] = [];
  size = 0;

  constructor(limit: number) {
    let capacity = 16;
    while (capacity < 2 * limit) capacity *= 2; // load factor at most 1/2: short probes
    this.mask = capacity - 1;
    this.#slots = new Int32Array(2 * capacity);
    this.#starts = new Int32Array(limit + 1);
    this.#arena = new Uint8Array(Math.min(limit, 65_536) * 16);
  }

  /** The entry number of the key, or `~slot` of the empty slot where it would go. */
  find(bytes: Uint8Array, start: number, length: number, hash: number): number {
    const slots = this.#slots;
    const starts = this.#starts;
    const arena = this.#arena;
    const mask = this.mask;
    for (let slot = hash & mask;; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1] - 1;
      if (entry < 0) return ~slot;
      if (slots[2 * slot] !== hash) continue;
      const at = starts[entry];
      if (starts[entry + 1] - at !== length) continue;
      let i = 0;
      while (i < length && arena[at + i] === bytes[start + i]) i++;
      if (i === length) return entry;
    }
  }

  /** Adds a key known to be absent at the empty slot `find` returned (as `~slot`). */
  insert(
    slot: number,
    bytes: Uint8Array,
    start: number,
    length: number,
    hash: number,
    value: string,
  ): void {
    const entry = this.size;
    const at = this.#starts[entry];
    if (at + length > this.#arena.length) {
      const grown = new Uint8Array(Math.max(2 * this.#arena.length, at + length));
      grown.set(this.#arena);
      this.#arena = grown;
    }
    const arena = this.#arena;
    for (let i = 0; i < length; i++) arena[at + i] = bytes[start + i];
    this.#starts[entry + 1] = at + length;
    this.#slots[2 * slot] = hash;
    this.#slots[2 * slot + 1] = entry + 1;
    this.values[entry] = value;
    this.size = entry + 1;
  }

  /** Forgets every entry (and drops the references to their pseudonyms). */
  clear(): void {
    this.#slots.fill(0);
    this.values.length = 0;
    this.size = 0;
  }
}

/** A 32-bit hash of `bytes[start, start + length)`: murmur3-style mixing, 4 bytes a step. */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let h = length ^ 0x9e3779b9;
  let i = start;
  const end = start + length;
  for (; i + 4 <= end; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h = Math.imul(h ^ Math.imul(k, 0xcc9e2d51), 0x1b873593);
    h = (h << 13) | (h >>> 19);
  }
  for (; i < end; i++) h = Math.imul(h ^ bytes[i], 0x5bd1e995);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
