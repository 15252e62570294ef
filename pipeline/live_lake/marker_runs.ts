/**
 * Runs of topic offsets that hold no records to deliver: a Kafka transaction's commit or abort
 * marker takes an offset that no consumer receives. A partition read up to such a run is read past
 * it, and a batch that starts after it continues the partition.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";

/** The last run of marker offsets of each table's topic partition; consecutive runs join. */
export class MarkerRuns {
  readonly #runs = new Map<string, { from: bigint; to: bigint }>();

  /**
   * Notes that offsets `from` … `to - 1` of `table`'s topic partition hold no records.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const runs = new MarkerRuns();
   * runs.add("reviews", 0, 2n, 3n);
   * runs.add("reviews", 0, 3n, 4n); // joins: 2 … 3
   * assert.equal(runs.past("reviews", 0, 2n), 4n);
   * assert.equal(runs.past("reviews", 0, 1n), 1n); // not at the run: as it is
   * assert.equal(runs.past("reviews", 1, 2n), 2n); // another partition
   * ```
   */
  add(table: TableName, partition: number, from: bigint, to: bigint): void {
    const key = `${table}/${partition}`;
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

  /** `next`, or the end of the run of markers of that partition that `next` lies in. */
  past(table: TableName, partition: number, next: bigint): bigint {
    const run = this.#runs.get(`${table}/${partition}`);
    return run !== undefined && run.from <= next && next < run.to ? run.to : next;
  }
}
