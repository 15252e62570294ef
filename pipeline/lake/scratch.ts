/**
 * Where the arrays that turn a part's columns into Arrow data come from: new ones, or a scratch
 * area reused from one part file to the next.
 *
 * @module
 */

/** Makes zero-filled arrays for one part file's Arrow data. */
export interface ArrayMaker {
  bytes(length: number): Uint8Array;
  int32(length: number): Int32Array;
  bigInt64(length: number): BigInt64Array;
}

/** New arrays, left to the collector (the default, and the pipeline thread's choice). */
export const NEW_ARRAYS: ArrayMaker = {
  bytes: (length) => new Uint8Array(length),
  int32: (length) => new Int32Array(length),
  bigInt64: (length) => new BigInt64Array(length),
};

/**
 * Arrays cut from one buffer that is reused for every part file: `reset` between files frees
 * them all at once. Why: the encoder worker allocates few objects but large buffers (dictionary
 * columns expanded to text, int64 and decimal conversions, validity bitmaps), so V8 seldom
 * collects there and each file's dead arrays piled up until a forced collection
 * (docs/BENCHMARKS.md). An array is valid until the next `reset`; a file larger than the buffer
 * gets a new buffer twice as large, and the old one dies with that file's arrays.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const scratch = new Scratch(64);
 * const first = scratch.int32(4);
 * first.fill(7);
 * scratch.reset();
 * const again = scratch.int32(4);
 * assert.equal(again.buffer, first.buffer); // the same memory, zeroed
 * assert.deepEqual([...again], [0, 0, 0, 0]);
 * ```
 */
export class Scratch implements ArrayMaker {
  #buffer: ArrayBuffer;
  #used = 0;

  /** @param bytes The buffer's first size. */
  constructor(bytes = 1 << 20) {
    this.#buffer = new ArrayBuffer(bytes);
  }

  /** Bytes of the current buffer. */
  get capacity(): number {
    return this.#buffer.byteLength;
  }

  /** Frees every array handed out since the last reset: use none of them after this. */
  reset(): void {
    this.#used = 0;
  }

  bytes(length: number): Uint8Array {
    const at = this.#take(length); // first: it may replace the buffer
    return new Uint8Array(this.#buffer, at, length);
  }

  int32(length: number): Int32Array {
    const at = this.#take(length * 4); // first: it may replace the buffer
    return new Int32Array(this.#buffer, at, length);
  }

  bigInt64(length: number): BigInt64Array {
    const at = this.#take(length * 8); // first: it may replace the buffer
    return new BigInt64Array(this.#buffer, at, length);
  }

  /** Reserves `size` zeroed bytes at a multiple of 8 and returns their offset. */
  #take(size: number): number {
    let at = this.#used;
    if (at + size > this.#buffer.byteLength) {
      // Arrays already handed out keep the old buffer alive until the next reset.
      let grown = this.#buffer.byteLength * 2;
      while (grown < size) grown *= 2;
      this.#buffer = new ArrayBuffer(grown);
      at = 0;
    }
    this.#used = at + Math.ceil(size / 8) * 8;
    new Uint8Array(this.#buffer, at, size).fill(0);
    return at;
  }
}
