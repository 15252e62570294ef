/**
 * A set of ids bounded by event time, for duplicate detection over an endless stream.
 *
 * @module
 */

/**
 * Remembers ids for at least `window` ms of event time: an id added with event time `t` is
 * still found while no id with an event time past `t + window` has been added. Memory holds the
 * ids of about two windows of event time, however long the stream.
 *
 * Why two generations instead of a map from id to time: a lookup stays one or two `Set.has`
 * calls and eviction is dropping a whole Set, with no per-id timestamps and no sweeps. When the
 * largest event time added passes the young generation's start + `window`, the young set
 * becomes the old one and the old one is dropped. `window` = `Infinity` never forgets (the
 * memory then grows with the number of distinct ids).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const day = 86_400_000;
 * const ids = new RecentIds(7 * day);
 * ids.add("t1", 0);
 * ids.add("t2", 7 * day);
 * assert.equal(ids.has("t1"), true); // 7 days later: still within the window
 * ids.add("t3", 15 * day);
 * ids.add("t4", 22 * day);
 * assert.equal(ids.has("t1"), false); // forgotten: 22 days after it
 * assert.equal(ids.has("t3"), true);
 * ```
 */
export class RecentIds {
  #young = new Set<string>();
  #old = new Set<string>();
  /** Largest event time added when the young generation started. */
  #youngSince = -Infinity;
  #maxSeen = -Infinity;
  readonly #window: number;

  /**
   * @param window How long, in ms of event time, an id is remembered at least; `Infinity` for
   *   ever.
   * @throws {RangeError} when `window` is not a number ≥ 0
   */
  constructor(window: number) {
    if (!(window >= 0)) throw new RangeError(`window must be a number >= 0, got ${window}`);
    this.#window = window;
  }

  /** Ids currently remembered (both generations). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** True when `id` was added and not yet forgotten. */
  has(id: string): boolean {
    return this.#young.has(id) || this.#old.has(id);
  }

  /**
   * Adds `id`, seen at `eventTime`; may forget the ids of the oldest generation.
   *
   * @param id The id (keep it detached from large source strings: the set holds it).
   * @param eventTime Its event time, ms.
   */
  add(id: string, eventTime: number): void {
    if (eventTime > this.#maxSeen) {
      this.#maxSeen = eventTime;
      // With an infinite window the sum is Infinity (or NaN at the start): never rotates.
      if (eventTime >= this.#youngSince + this.#window) {
        const emptied = this.#old;
        emptied.clear();
        this.#old = this.#young;
        this.#young = emptied;
        this.#youngSince = eventTime;
      }
    }
    this.#young.add(id);
  }
}
