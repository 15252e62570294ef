/**
 * Where part jobs are encoded and written: on the calling thread, or on an encoder worker.
 *
 * @module
 */

import { type PartJob, writePart } from "./part_job.ts";

/** Accepts part files to write; `flush` returns once every submitted file is on disk. */
export interface PartWriter {
  /**
   * Whether it takes a part file in pieces (`PartJob.piece`), so that the caller need not hold
   * a whole file's rows: the encoder worker does, writing the file as the pieces come.
   */
  readonly pieces: boolean;
  /**
   * Writes a part file, now or later; may block while earlier files are still being written.
   * Throws the error of an earlier failed file.
   */
  submit(job: PartJob): void;
  /** Waits for all submitted files and throws the first failure, naming its path. */
  flush(): void;
  /** Like `flush`, then releases the resources (the worker); `submit` may start them again. */
  finish(): void;
}

/** Writes each part file on the calling thread before `submit` returns. */
export class InlinePartWriter implements PartWriter {
  /** Takes whole files only. */
  readonly pieces = false;

  /** Encodes and writes the file now. */
  submit(job: PartJob): void {
    writePart(job);
  }

  /** Nothing is pending. */
  flush(): void {}

  /** Nothing to release. */
  finish(): void {}
}
