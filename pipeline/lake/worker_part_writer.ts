/**
 * Writes part files on an encoder worker so that Parquet encoding, the costliest step of the
 * lake sink, runs on a second core while the pipeline goes on.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import { JobRing } from "./job_ring.ts";
import type { PartJob } from "./part_job.ts";
import type { PartWriter } from "./part_writer.ts";
import {
  COMPLETED,
  createSharedState,
  ERROR_LENGTH,
  growRing,
  JOBS,
  layoutJob,
  putJob,
  STOP,
  SUBMITTED,
} from "./worker_state.ts";

/** A worker finishing no job for this long is presumed dead (its exit cannot be observed here). */
const STALL_MS = 120_000;
const WAIT_SLICE_MS = 1_000;

/**
 * Hands part jobs to a worker started on first use. `submit` blocks (`Atomics.wait`) while
 * {@linkcode JOBS} jobs are pending or the ring has no room for the job, which keeps the caller's
 * backpressure synchronous and the memory bounded. The worker is `unref`'d: a writer that is never
 * finished does not keep the process alive.
 */
export class WorkerPartWriter implements PartWriter {
  /** Takes a part file in pieces: the worker writes it as they come (`part_job.ts`). */
  readonly pieces = true;
  readonly #state = createSharedState();
  readonly #ring = new JobRing(this.#state.ring.byteLength);
  #worker: Worker | null = null;
  #submitted = 0;
  /** The worker's own death (out of memory, say), seen once this thread yields to events. */
  #crash: Error | null = null;

  /**
   * Starts the worker now rather than at the first job, so that loading and compiling its
   * Parquet encoder (about a second) overlaps the pipeline's first batches instead of stalling
   * the first `submit`. Idempotent.
   */
  start(): void {
    this.#worker ??= this.#start();
  }

  /** Copies the job into the ring, once it has room, and wakes the worker. */
  submit(job: PartJob): void {
    this.#throwIfFailed();
    const layout = layoutJob(job);
    const offset = this.#place(layout.size);
    this.#throwIfFailed();
    this.#worker ??= this.#start();
    putJob(this.#state.ring, offset, layout);
    this.#ring.add(offset, layout.size);
    this.#state.offsets[this.#submitted % JOBS] = offset;
    this.#submitted++;
    Atomics.store(this.#state.control, SUBMITTED, this.#submitted);
    Atomics.notify(this.#state.control, SUBMITTED);
  }

  /** Waits for every submitted job and throws the first failure. */
  flush(): void {
    this.#waitFor(this.#submitted);
    this.#throwIfFailed();
  }

  /** Waits for every submitted job, lets the worker exit, throws the first failure. */
  finish(): void {
    try {
      this.flush();
    } finally {
      if (this.#worker !== null) {
        Atomics.store(this.#state.control, STOP, 1);
        Atomics.notify(this.#state.control, SUBMITTED);
        this.#worker = null;
      }
    }
  }

  /**
   * Where a job of `size` bytes goes: waits for one of the {@linkcode JOBS} places and for room
   * in the ring, growing the ring (once the worker has taken every job) for a job larger than it.
   */
  #place(size: number): number {
    this.#waitFor(this.#submitted + 1 - JOBS);
    for (;;) {
      this.#releaseCompleted();
      const offset = this.#ring.fit(size);
      if (offset !== null) return offset;
      if (this.#ring.pending === 0) {
        this.#ring.grow(growRing(this.#state.ring, size));
      } else {
        this.#waitFor(this.#submitted - this.#ring.pending + 1);
      }
    }
  }

  /** Frees the ring's bytes of the jobs the worker has finished. */
  #releaseCompleted(): void {
    const completed = Atomics.load(this.#state.control, COMPLETED);
    while (this.#ring.pending > this.#submitted - completed) this.#ring.release();
  }

  #start(): Worker {
    const { control, errorBytes, offsets, ring } = this.#state;
    const worker = new Worker(new URL("./part_worker.ts", import.meta.url), {
      workerData: { control, errorBytes, offsets, ring },
    });
    // Without a listener the worker's death would be rethrown here as an uncaught error with its
    // stack; kept instead, it is thrown as one line at the writer's next call.
    worker.on("error", (error: unknown) => {
      this.#crash ??= new Error(`Lake encoder worker failed: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    worker.unref();
    return worker;
  }

  #waitFor(completed: number): void {
    const control = this.#state.control;
    let stalled = 0;
    for (let seen = Atomics.load(control, COMPLETED); seen < completed;) {
      if (Atomics.wait(control, COMPLETED, seen, WAIT_SLICE_MS) === "timed-out") {
        stalled += WAIT_SLICE_MS;
        if (stalled >= STALL_MS) {
          throw new Error(
            `Lake encoder worker finished no part file for ${STALL_MS / 1000} s ` +
              `(${this.#submitted - seen} pending)`,
          );
        }
      }
      const now = Atomics.load(control, COMPLETED);
      if (now !== seen) stalled = 0;
      seen = now;
    }
  }

  #throwIfFailed(): void {
    if (this.#crash !== null) throw this.#crash;
    const length = Atomics.load(this.#state.control, ERROR_LENGTH);
    if (length === 0) return;
    const text = new TextDecoder().decode(this.#state.errorBytes.slice(0, length));
    const report = JSON.parse(text);
    const cause = report.cause === null
      ? undefined
      : Object.assign(new Error(report.cause.message), { name: report.cause.name });
    throw new Error(report.message, { cause });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
