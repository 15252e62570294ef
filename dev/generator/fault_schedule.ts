/**
 * Decides which rows get an injected fault: about `rate` of the rows, spread evenly through the
 * file, cycling through the fault kinds so each kind gets an equal share. Counts are exact
 * because every faulty record carries exactly one fault.
 *
 * @module
 */

/** Deterministic fault spacing and per-kind counts. */
export class FaultSchedule {
  readonly kinds: readonly string[];
  readonly counts: Record<string, number> = {};
  #rate: number;
  #acc = 0.5;
  #next = 0;

  /**
   * @param kinds the fault kinds, in the order they are cycled through
   * @param rate wanted share of faulty rows (0 disables)
   * @param expectedRows rough number of rows the file will have; when `rate × expectedRows` is
   *   below one per kind the rate is raised so every kind still appears
   * @example new FaultSchedule(["a", "b"], 0.01, 10_000)
   */
  constructor(kinds: readonly string[], rate: number, expectedRows: number) {
    this.kinds = kinds;
    this.#rate = rate <= 0
      ? 0
      : Math.min(0.5, Math.max(rate, (1.5 * kinds.length) / Math.max(1, expectedRows)));
  }

  /**
   * Call once per clean row.
   *
   * @returns the fault kind to inject next to this row, or null
   */
  due(): string | null {
    if (this.#rate === 0) return null;
    this.#acc += this.#rate;
    if (this.#acc < 1) return null;
    this.#acc -= 1;
    return this.kinds[this.#next++ % this.kinds.length];
  }

  /** Records that a fault of `kind` was written. */
  count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** @returns kinds not yet injected although faults are enabled (to add at the end) */
  missing(): string[] {
    return this.#rate === 0 ? [] : this.kinds.filter((k) => !this.counts[k]);
  }
}
