/**
 * Entry point of the lake's encoder worker (node:worker_threads). It takes part jobs from the
 * shared ring in order, writes them, and reports progress and the first failure through shared
 * memory. It blocks in `Atomics.wait` between jobs and exits when asked to stop.
 *
 * No error may escape this thread: an uncaught one would reach the main thread as a multi-line
 * "Uncaught (in worker)" report while the writer waits for jobs that never complete. Every
 * failure, loading the encoder included, goes to the shared failure report instead, which the
 * writer throws (one line, naming the file) at its next call.
 *
 * @module
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { workerData } from "node:worker_threads";
import type { PartJob } from "./part_job.ts";
import {
  COMPLETED,
  ERROR_LENGTH,
  JOBS,
  SharedState,
  STOP,
  SUBMITTED,
  takeJob,
} from "./worker_state.ts";

const { control, errorBytes, offsets, ring } = workerData as SharedState;

// Loaded dynamically so that a failure to load the encoder (its WebAssembly, say) is reported
// like any other, and the jobs are then skipped rather than waited for.
let writePart: (job: PartJob) => Promise<void> = () => Promise.resolve();
try {
  writePart = (await import("./part_job.ts")).writePartInBatches;
} catch (error) {
  reportFailure(new Error(`Cannot load the lake's Parquet encoder: ${String(error)}`));
}

// This thread allocates few objects but large buffers, so V8 seldom collects here and dead buffers
// pile up. Most are gone (the Arrow data's arrays come from a reused `Scratch`, the IPC stream from
// one reused array), but each file's Parquet bytes are still a new array: without a collection,
// 20M events peaked 21–27 MB higher. A full collection after every `GC_BYTES` of jobs frees them.
// Each costs 27–45 ms, so collecting more often does not pay: every 8 MB saved 20 MB at 20M events
// but made a 2M replay 9 % slower (measured before the scratch; docs/BENCHMARKS.md).
const GC_BYTES = 32 << 20;

// A large part is encoded in batches by parquet-wasm's streaming writer, which runs as microtasks
// of its own: an error there (a trap of the WebAssembly, say) is thrown by no call of ours but
// reaches this thread's error event. It fails the job being written, which would otherwise wait
// for the file forever; outside a job it is reported as the failure. Either way the thread lives
// on to report it rather than dying with a stack.
let failJob: (error: unknown) => void = reportFailure;
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  failJob(event.error);
});
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  failJob(event.reason);
});
const collect = fullCollection();
let sinceCollection = 0;

for (let done = 0;; done++) {
  while (Atomics.load(control, SUBMITTED) === done && Atomics.load(control, STOP) === 0) {
    Atomics.wait(control, SUBMITTED, done);
  }
  if (Atomics.load(control, SUBMITTED) === done) break; // stopped, nothing pending
  // After a failure the writer throws at its next call; later jobs are skipped so the lake
  // does not move on past a missing file.
  if (Atomics.load(control, ERROR_LENGTH) === 0) {
    try {
      const job = takeJob(ring, offsets[done % JOBS]);
      await new Promise<void>((resolve, reject) => {
        failJob = reject;
        writePart(job).then(resolve, reject);
      }).finally(() => failJob = reportFailure);
      for (const column of job.columns) {
        for (const array of column.arrays) sinceCollection += array?.byteLength ?? 0;
      }
      if (sinceCollection >= GC_BYTES) {
        sinceCollection = 0;
        collect();
      }
    } catch (error) {
      reportFailure(error);
    }
  }
  Atomics.store(control, COMPLETED, done + 1);
  Atomics.notify(control, COMPLETED);
}

function reportFailure(error: unknown): void {
  if (Atomics.load(control, ERROR_LENGTH) !== 0) return; // the first failure is the one to show
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  // Messages are cut so that the JSON always fits the shared buffer.
  const report = JSON.stringify({
    message: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
    cause: cause === null ? null : { name: cause.name, message: cause.message.slice(0, 1000) },
  });
  const { written } = new TextEncoder().encodeInto(report, errorBytes);
  Atomics.store(control, ERROR_LENGTH, written);
}

/** V8's full collection of this thread's heap, or nothing when the runtime will not expose it. */
function fullCollection(): () => void {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
}
