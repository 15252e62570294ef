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

/** Jobs that can wait for the worker at once: job `n` uses slot `n % SLOTS`. */
export const SLOTS = 2;

const ERROR_BYTES = 4096;
/** Largest job (IPC bytes plus header) a slot can grow to. */
const MAX_SLOT_BYTES = 1 << 30;
const HEADER_BYTES = 8;

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

/**
 * Copies a job into a slot: a header (JSON length, IPC length), the job without its IPC bytes as
 * JSON, then the IPC bytes.
 *
 * @throws RangeError when the job is larger than a slot may grow.
 */
export function putJob(slot: SharedArrayBuffer, job: PartJob): void {
  const { ipc, ...rest } = job;
  const meta = new TextEncoder().encode(JSON.stringify(rest));
  const size = HEADER_BYTES + meta.length + ipc.length;
  if (size > MAX_SLOT_BYTES) {
    throw new RangeError(`Part file ${job.dir}/${job.name} is too large to encode: ${size} bytes`);
  }
  if (slot.byteLength < size) slot.grow(Math.min(MAX_SLOT_BYTES, 2 ** Math.ceil(Math.log2(size))));
  new Uint32Array(slot, 0, 2).set([meta.length, ipc.length]);
  new Uint8Array(slot, HEADER_BYTES, meta.length).set(meta);
  new Uint8Array(slot, HEADER_BYTES + meta.length, ipc.length).set(ipc);
}

/** Reads a job written by {@linkcode putJob}; its `ipc` is a view into the slot. */
export function takeJob(slot: SharedArrayBuffer): PartJob {
  const [metaLength, ipcLength] = new Uint32Array(slot, 0, 2);
  // TextDecoder refuses views of shared memory, hence the copy of the (small) JSON.
  const meta = new Uint8Array(slot, HEADER_BYTES, metaLength).slice();
  const ipc = new Uint8Array(slot, HEADER_BYTES + metaLength, ipcLength);
  return { ...JSON.parse(new TextDecoder().decode(meta)), ipc };
}
