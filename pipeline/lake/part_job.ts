/**
 * One part file to write: the rows as an Arrow IPC stream plus where they go. Jobs are plain
 * data so they can be posted to the encoder worker.
 *
 * @module
 */

import type { ColumnSpec } from "./lake_schema.ts";
import { ipcToParquet } from "./parquet_encode.ts";
import { makePartDir, resetPartDir, writeFileAtomic } from "./part_files.ts";

/** A part file to encode and write. */
export interface PartJob {
  /** Directory of the part file. */
  dir: string;
  /** File name, such as `part-00000.parquet`. */
  name: string;
  /**
   * Remove the directory's previous part files first (the run's first write into it); otherwise
   * the directory is only created when missing (a later part after a commit, say).
   */
  reset: boolean;
  specs: readonly ColumnSpec[];
  /** The rows, from `columnsToIpc`. */
  ipc: Uint8Array;
  rows: number;
}

/**
 * Encodes a job's rows as Parquet and writes the file atomically.
 *
 * @param job The part file.
 * @throws Error naming the path when the directory or file cannot be written.
 */
export function writePart(job: PartJob): void {
  const bytes = ipcToParquet(job.specs, job.ipc, job.rows);
  if (job.reset) resetPartDir(job.dir);
  else makePartDir(job.dir);
  writeFileAtomic(job.dir, job.name, bytes);
}
