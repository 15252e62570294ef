/**
 * Where the lake writer puts each part job in the ring of shared memory it shares with its
 * encoder worker. Jobs are written one after another and freed in the same order (the worker
 * takes them in order), so the space in use is one stretch of the ring, possibly wrapping round
 * its end; a job never wraps, it goes to the start instead when it does not fit before the end.
 *
 * @module
 */

/**
 * The ring's bookkeeping on the writer's side. It knows nothing of threads: the writer tells it
 * when the oldest job is done ({@linkcode JobRing.release}) and asks it where the next fits.
 *
 * @example Two jobs of 60 bytes in a ring of 100: the second waits for the first
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobRing } from "./job_ring.ts";
 *
 * const ring = new JobRing(100);
 * assert.equal(ring.fit(60), 0);
 * ring.add(0, 60);
 * assert.equal(ring.fit(60), null);
 * ring.release();
 * assert.equal(ring.fit(60), 0);
 * ```
 */
export class JobRing {
  #capacity: number;
  /** Start and end of each job not yet released, oldest first. */
  readonly #jobs: [start: number, end: number][] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Bytes the ring holds. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Jobs added and not yet released. */
  get pending(): number {
    return this.#jobs.length;
  }

  /**
   * Where a job of `size` bytes can go now, or `null` when it must wait for the oldest job's
   * release (or, if nothing is pending, for the ring to grow: see {@linkcode JobRing.grow}).
   * With nothing pending a job goes to the start, so a worker that keeps up keeps using the
   * ring's first bytes only.
   */
  fit(size: number): number | null {
    if (this.#jobs.length === 0) return size <= this.#capacity ? 0 : null;
    const tail = this.#jobs[0][0];
    const head = this.#jobs[this.#jobs.length - 1][1];
    if (tail < head) {
      // In use: [tail, head). Free: [head, capacity) and [0, tail).
      if (head + size <= this.#capacity) return head;
      return size <= tail ? 0 : null;
    }
    // Wrapped, in use: [tail, capacity) and [0, head). Free: [head, tail).
    return head + size <= tail ? head : null;
  }

  /** Records a job placed at `start` (where {@linkcode JobRing.fit} said). */
  add(start: number, size: number): void {
    this.#jobs.push([start, start + size]);
  }

  /** Frees the oldest job's bytes. */
  release(): void {
    this.#jobs.shift();
  }

  /**
   * Records that the ring grew to `capacity` bytes: only while nothing is pending, since a
   * wrapped stretch in use would no longer be where {@linkcode JobRing.fit} expects it.
   */
  grow(capacity: number): void {
    if (this.#jobs.length !== 0) throw new Error("JobRing.grow: jobs are pending");
    this.#capacity = Math.max(this.#capacity, capacity);
  }
}
