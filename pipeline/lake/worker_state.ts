/**
 * The memory shared by the lake writer and its encoder worker, and the encoding of a part job
 * into it. Jobs travel through shared memory rather than `postMessage` because the writing
 * thread blocks in `Atomics.wait` for backpressure, and a blocked thread would not deliver
 * messages (Deno's node:worker_threads posts through the event loop).
 *
 * @module
 */

import type { PartJob } from "./part_job.ts";

/** Index in `control`: jobs the writer has put into slots. */
export const SUBMITTED = 0;
/** Index in `control`: jobs the worker has finished (written or skipped after a failure). */
export const COMPLETED = 1;
/** Index in `control`: 1 asks the worker to exit once every submitted job is done. */
export const STOP = 2;
/** Index in `control`: byte length of the failure report; 0 while nothing failed. */
export const ERROR_LENGTH = 3;

/**
 * Jobs that can wait for the worker at once: job `n` uses slot `n % SLOTS`. The pipeline hands
 * over work in bursts (a part file per day of sorted input every few milliseconds, then a report
 * part of 131,072 rows that keeps the worker busy for a while), so with four slots each thread
 * waited for the other about 15 % of a 2M-event replay. Sixteen absorb those bursts: wall time
 * 7 % lower (13.8 → 12.8 s, 7 alternating rounds), at the cost of the memory the slots keep, each
 * as large as the largest job it held (10M events: 362 → 422 MB peak RSS).
 */
export const SLOTS = 16;

const ERROR_BYTES = 4096;
/** Largest job (column arrays plus header) a slot can grow to. */
const MAX_SLOT_BYTES = 1 << 30;
const HEADER_BYTES = 8;
/** Array kinds in a job's description: which typed array views each stretch of bytes. */
type ArrayKind = "Uint8Array" | "Int32Array" | "Float64Array";

/** Views of the shared state; the buffers are passed to the worker as `workerData`. */
export interface SharedState {
  control: Int32Array;
  /** The first failure as JSON `{message, cause: {name, message} | null}`. */
  errorBytes: Uint8Array;
  slots: SharedArrayBuffer[];
}

/** Allocates the shared state. */
export function createSharedState(): SharedState {
  const slots = Array.from(
    { length: SLOTS },
    () => new SharedArrayBuffer(1 << 20, { maxByteLength: MAX_SLOT_BYTES }),
  );
  return {
    control: new Int32Array(new SharedArrayBuffer(16)),
    errorBytes: new Uint8Array(new SharedArrayBuffer(ERROR_BYTES)),
    slots,
  };
}

/** Where one column array lies in a slot: its kind, byte offset and element count. */
type ArrayPlace = [kind: ArrayKind, offset: number, length: number] | null;

/**
 * Copies a job into a slot: a header (JSON length, data length), the job as JSON with each
 * column array replaced by its place, then the arrays' bytes (each at a multiple of 8).
 *
 * @throws RangeError when the job is larger than a slot may grow.
 */
export function putJob(slot: SharedArrayBuffer, job: PartJob): void {
  const { columns, ...rest } = job;
  let bytes = 0;
  const places = columns.map((column) => ({
    strings: column.strings,
    arrays: column.arrays.map((array): ArrayPlace => {
      if (array === null) return null;
      const place: ArrayPlace = [array.constructor.name as ArrayKind, bytes, array.length];
      bytes += Math.ceil(array.byteLength / 8) * 8;
      return place;
    }),
  }));
  const meta = new TextEncoder().encode(JSON.stringify({ ...rest, columns: places }));
  const dataStart = Math.ceil((HEADER_BYTES + meta.length) / 8) * 8;
  const size = dataStart + bytes;
  if (size > MAX_SLOT_BYTES) {
    throw new RangeError(`Part file ${job.dir}/${job.name} is too large to encode: ${size} bytes`);
  }
  if (slot.byteLength < size) slot.grow(Math.min(MAX_SLOT_BYTES, 2 ** Math.ceil(Math.log2(size))));
  new Uint32Array(slot, 0, 2).set([meta.length, bytes]);
  new Uint8Array(slot, HEADER_BYTES, meta.length).set(meta);
  for (let c = 0; c < columns.length; c++) {
    const arrays = columns[c].arrays;
    for (let a = 0; a < arrays.length; a++) {
      const array = arrays[a];
      const place = places[c].arrays[a];
      if (array === null || place === null) continue;
      new Uint8Array(slot, dataStart + place[1], array.byteLength)
        .set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    }
  }
}

/** Reads a job written by {@linkcode putJob}; its column arrays are views into the slot. */
export function takeJob(slot: SharedArrayBuffer): PartJob {
  const [metaLength] = new Uint32Array(slot, 0, 2);
  // TextDecoder refuses views of shared memory, hence the copy of the (small) JSON.
  const meta = new Uint8Array(slot, HEADER_BYTES, metaLength).slice();
  const dataStart = Math.ceil((HEADER_BYTES + metaLength) / 8) * 8;
  const job = JSON.parse(new TextDecoder().decode(meta));
  const columns = (job.columns as { strings?: string[]; arrays: ArrayPlace[] }[]).map((column) => ({
    ...(column.strings === undefined ? {} : { strings: column.strings }),
    arrays: column.arrays.map((place) => place === null ? null : view(slot, dataStart, place)),
  }));
  return { ...job, columns };
}

/** The typed array at `place` in a slot's data. */
function view(
  slot: SharedArrayBuffer,
  dataStart: number,
  [kind, offset, length]: [ArrayKind, number, number],
): Uint8Array | Int32Array | Float64Array {
  switch (kind) {
    case "Uint8Array":
      return new Uint8Array(slot, dataStart + offset, length);
    case "Int32Array":
      return new Int32Array(slot, dataStart + offset, length);
    case "Float64Array":
      return new Float64Array(slot, dataStart + offset, length);
  }
}
