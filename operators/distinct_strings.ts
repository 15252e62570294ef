/**
 * A reusable count of distinct strings, cheap for the few values of one minute.
 *
 * @module
 */

/** Values compared one by one before a `Set` takes over. */
const LINEAR_LIMIT = 16;

/**
 * Counts distinct strings. Why not a `Set` each time: a minute of clickstream holds a handful of
 * users and sessions, and a replay closes hundreds of thousands of minutes; a new `Set` per
 * minute and figure was a large share of the per-minute reports' time and garbage. Up to 16
 * values are kept in a reused array and compared with `===` (the pseudonym table hands out one
 * string object per id, so a repeat is usually the same object); past that a `Set` takes over.
 * `reset()` empties it for reuse without freeing its array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const users = new DistinctStrings();
 * for (const id of ["a", "b", "a"]) users.add(id);
 * assert.equal(users.size, 2);
 * users.reset();
 * assert.equal(users.size, 0);
 * ```
 */
export class DistinctStrings {
  /** The first `#count` slots hold the values while there is no `#set`; the rest is stale. */
  readonly #values: string[] = [];
  #count = 0;
  #set: Set<string> | null = null;

  /** How many distinct values were added since the last reset. */
  get size(): number {
    return this.#set === null ? this.#count : this.#set.size;
  }

  /**
   * Adds a value.
   *
   * @param value The string to count once.
   * @returns `true` when it was not there yet.
   */
  add(value: string): boolean {
    const set = this.#set;
    if (set !== null) {
      if (set.has(value)) return false;
      set.add(value);
      return true;
    }
    const values = this.#values;
    const count = this.#count;
    // From the newest: a repeat is most often the value of the event before.
    for (let i = count - 1; i >= 0; i--) if (values[i] === value) return false;
    if (count === LINEAR_LIMIT) {
      const grown = new Set<string>();
      for (let i = 0; i < count; i++) grown.add(values[i]);
      grown.add(value);
      this.#set = grown;
      return true;
    }
    values[count] = value;
    this.#count = count + 1;
    return true;
  }

  /** Forgets every value; the array is kept for the next use. */
  reset(): void {
    this.#count = 0;
    this.#set = null;
  }
}
