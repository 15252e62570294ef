/**
 * Runs of topic offsets that hold no records to deliver: a Kafka transaction's commit or abort
 * marker takes an offset that no consumer receives. A partition read up to such a run is read past
 * it, and a batch that starts after it continues the partition.
 *
 * @module
 */

/** The last run of marker offsets per key (`table/partition`); consecutive runs join. */
export class MarkerRuns {
  readonly #runs = new Map<string, { from: bigint; to: bigint }>();

  /**
   * Notes that offsets `from` … `to - 1` of `key` hold no records.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const runs = new MarkerRuns();
   * runs.add("reviews/0", 2n, 3n);
   * runs.add("reviews/0", 3n, 4n); // joins: 2 … 3
   * assert.equal(runs.past("reviews/0", 2n), 4n);
   * assert.equal(runs.past("reviews/0", 1n), 1n); // not at the run: as it is
   * ```
   */
  add(key: string, from: bigint, to: bigint): void {
    const known = this.#runs.get(key);
    if (known !== undefined && from <= known.to && to >= known.from) {
      this.#runs.set(key, {
        from: from < known.from ? from : known.from,
        to: to > known.to ? to : known.to,
      });
    } else {
      this.#runs.set(key, { from, to });
    }
  }

  /** `next`, or the end of the run of markers that `next` lies in. */
  past(key: string, next: bigint): bigint {
    const run = this.#runs.get(key);
    return run !== undefined && run.from <= next && next < run.to ? run.to : next;
  }
}
