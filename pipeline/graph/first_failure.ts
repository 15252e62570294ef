/**
 * The "remember the first failure" idiom of a synchronous RxJS graph, written once.
 *
 * @module
 */

/**
 * Keeps the first error a graph's subscribers or sinks report, so the driver can throw it from
 * its own call stack. Why: an error thrown out of a subscriber's `next` would escape RxJS as an
 * uncaught error, and later errors are consequences of the first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const failure = new FirstFailure();
 * failure.fail(new Error("disk full"));
 * failure.fail(new Error("later"));
 * assert.throws(() => failure.check(), /disk full/);
 * ```
 */
export class FirstFailure {
  #error: unknown = undefined;
  #failed = false;

  /** Records `error` unless an earlier one is kept; usable as an observer's `error`. */
  readonly fail = (error: unknown): void => {
    if (this.#failed) return;
    this.#failed = true;
    this.#error = error;
  };

  /** True once a failure is kept. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Throws the kept failure, if any. */
  check(): void {
    if (this.#failed) throw this.#error;
  }

  /**
   * Runs `sink(value)`, keeping what it throws instead of letting it out; skips it once a
   * failure is kept.
   *
   * @param sink the side effect (a lake write, a store call)
   * @param value its argument
   * @returns true when the sink ran and returned
   */
  guard<T>(sink: (value: T) => void, value: T): boolean {
    if (this.#failed) return false;
    try {
      sink(value);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }
}
