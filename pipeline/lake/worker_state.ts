/**
 * The memory shared by the lake writer and its encoder worker, and the encoding of a part job
 * into it. Jobs travel through shared memory rather than `postMessage` because the writing
 * thread blocks in `Atomics.wait` for backpressure, and a blocked thread would not deliver
 * messages (Deno's node:worker_threads posts through the event loop).
 *
 * @module
 */

import type { PartJob } from "./part_job.ts";

/** Index in `control`: jobs the writer has put into the ring. */
export const SUBMITTED = 0;
/** Index in `control`: jobs the worker has finished (written or skipped after a failure). */
export const COMPLETED = 1;
/** Index in `control`: 1 asks the worker to exit once every submitted job is done. */
export const STOP = 2;
/** Index in `control`: byte length of the failure report; 0 while nothing failed. */
export const ERROR_LENGTH = 3;

/**
 * Jobs that can wait for the worker at once: job `n`'s place in the ring is `offsets[n % JOBS]`.
 * The pipeline hands over work in bursts (a part file per day of sorted input every few
 * milliseconds, then a report part of 131,072 rows that keeps the worker busy for a while), so
 * with four jobs each thread waited for the other about 15 % of a 2M-event replay. Sixteen made
 * it 7 % faster; sixty-four, which cost no memory since the ring bounds the bytes, halved what was
 * left of the pipeline thread's wait (CPU profiles at 2M: 1.2 → 0.5 s in `#waitFor`; 256 did no
 * better, the ring's bytes bind first).
 */
export const JOBS = 64;

/**
 * Bytes of the ring the jobs share, so that the memory they take does not grow with the size of
 * a job: sixteen slots, each as large as the largest job it held, took 16 × 10 MB at 20M events.
 * The ring only grows when a single job is larger; pages it never reaches are never touched.
 */
export const RING_BYTES = 32 << 20;

const ERROR_BYTES = 4096;
/** Largest job (column arrays plus header) the ring can grow to hold. */
const MAX_RING_BYTES = 1 << 30;
const HEADER_BYTES = 8;
/** Array kinds in a job's description: which typed array views each stretch of bytes. */
type ArrayKind = "Uint8Array" | "Int32Array" | "Float64Array";

/** Views of the shared state; the buffers are passed to the worker as `workerData`. */
export interface SharedState {
  control: Int32Array;
  /** The first failure as JSON `{message, cause: {name, message} | null}`. */
  errorBytes: Uint8Array;
  /** Byte offset in `ring` of job `n`, at index `n % JOBS`. */
  offsets: Int32Array;
  /** The jobs' bytes, each at a multiple of 8 (see {@linkcode putJob}). */
  ring: SharedArrayBuffer;
}

/** Allocates the shared state. */
export function createSharedState(): SharedState {
  return {
    control: new Int32Array(new SharedArrayBuffer(16)),
    errorBytes: new Uint8Array(new SharedArrayBuffer(ERROR_BYTES)),
    offsets: new Int32Array(new SharedArrayBuffer(JOBS * 4)),
    ring: new SharedArrayBuffer(RING_BYTES, { maxByteLength: MAX_RING_BYTES }),
  };
}

/**
 * Grows the ring to hold a job of `size` bytes (to the next power of two), returning its new
 * length. Only while no job is in it (see `JobRing.grow`).
 *
 * @throws RangeError when `size` exceeds the largest ring.
 */
export function growRing(ring: SharedArrayBuffer, size: number): number {
  if (size > MAX_RING_BYTES) {
    throw new RangeError(`${size} bytes exceed the ring's ${MAX_RING_BYTES}`);
  }
  if (ring.byteLength < size) ring.grow(Math.min(MAX_RING_BYTES, 2 ** Math.ceil(Math.log2(size))));
  return ring.byteLength;
}

/** Where one column array lies in a job's data: its kind, byte offset and element count. */
type ArrayPlace = [kind: ArrayKind, offset: number, length: number] | null;

/** A job laid out for the ring: its description as JSON and where each array goes. */
export interface JobLayout {
  job: PartJob;
  /** The job as JSON with each column array replaced by its place. */
  meta: Uint8Array;
  places: ArrayPlace[][];
  /** Offset of the arrays' bytes from the job's start. */
  dataStart: number;
  /** Bytes the job takes in the ring, a multiple of 8. */
  size: number;
}

/**
 * Lays a job out: a header (JSON length, data length), the job as JSON with each column array
 * replaced by its place, then the arrays' bytes, each at a multiple of 8.
 *
 * @throws RangeError when the job is larger than the ring may grow.
 */
export function layoutJob(job: PartJob): JobLayout {
  const { columns, ...rest } = job;
  let bytes = 0;
  const places = columns.map((column) =>
    column.arrays.map((array): ArrayPlace => {
      if (array === null) return null;
      const place: ArrayPlace = [array.constructor.name as ArrayKind, bytes, array.length];
      bytes += Math.ceil(array.byteLength / 8) * 8;
      return place;
    })
  );
  const described = columns.map((column, c) => ({ strings: column.strings, arrays: places[c] }));
  const meta = new TextEncoder().encode(JSON.stringify({ ...rest, columns: described }));
  const dataStart = Math.ceil((HEADER_BYTES + meta.length) / 8) * 8;
  const size = dataStart + bytes;
  if (size > MAX_RING_BYTES) {
    throw new RangeError(`Part file ${job.dir}/${job.name} is too large to encode: ${size} bytes`);
  }
  return { job, meta, places, dataStart, size };
}

/** Copies a laid-out job into the ring at `offset` (a multiple of 8 with `size` bytes free). */
export function putJob(ring: SharedArrayBuffer, offset: number, layout: JobLayout): void {
  const { job, meta, places, dataStart } = layout;
  new Uint32Array(ring, offset, 2).set([meta.length, layout.size - dataStart]);
  new Uint8Array(ring, offset + HEADER_BYTES, meta.length).set(meta);
  const base = offset + dataStart;
  for (let c = 0; c < job.columns.length; c++) {
    const arrays = job.columns[c].arrays;
    for (let a = 0; a < arrays.length; a++) {
      const array = arrays[a];
      const place = places[c][a];
      if (array === null || place === null) continue;
      new Uint8Array(ring, base + place[1], array.byteLength)
        .set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    }
  }
}

/** Reads the job {@linkcode putJob} wrote at `offset`; its column arrays are views of the ring. */
export function takeJob(ring: SharedArrayBuffer, offset: number): PartJob {
  const [metaLength] = new Uint32Array(ring, offset, 2);
  // TextDecoder refuses views of shared memory, hence the copy of the (small) JSON.
  const meta = new Uint8Array(ring, offset + HEADER_BYTES, metaLength).slice();
  const base = offset + Math.ceil((HEADER_BYTES + metaLength) / 8) * 8;
  const job = JSON.parse(new TextDecoder().decode(meta));
  const columns = (job.columns as { strings?: string[]; arrays: ArrayPlace[] }[]).map((column) => ({
    ...(column.strings === undefined ? {} : { strings: column.strings }),
    arrays: column.arrays.map((place) => place === null ? null : view(ring, base, place)),
  }));
  return { ...job, columns };
}

/** The typed array at `place` in a job's data, which starts at `base`. */
function view(
  ring: SharedArrayBuffer,
  base: number,
  [kind, offset, length]: [ArrayKind, number, number],
): Uint8Array | Int32Array | Float64Array {
  switch (kind) {
    case "Uint8Array":
      return new Uint8Array(ring, base + offset, length);
    case "Int32Array":
      return new Int32Array(ring, base + offset, length);
    case "Float64Array":
      return new Float64Array(ring, base + offset, length);
  }
}
