/**
 * One part file to write: the rows as each column's raw arrays plus where they go. Jobs are plain
 * data so they can be copied to the encoder worker, which builds the Arrow data, its IPC stream
 * and the Parquet file off the pipeline's thread.
 *
 * @module
 */

import type { ColumnSpec } from "./lake_schema.ts";
import type { ColumnParts } from "./column_buffer.ts";
import { columnData } from "./column_data.ts";
import { columnsToIpc, IpcBuffer, ipcToParquet } from "./parquet_encode.ts";
import { makePartDir, resetPartDir, writeFileAtomic } from "./part_files.ts";
import { placeReportJson, type ReportPart, writeReportLines } from "./report_part.ts";
import { Scratch } from "./scratch.ts";

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
  /**
   * The rows: one entry per column of `specs`, from `PartitionBuffer.drain`; for a report's
   * part, one per report column from `ReportColumns.parts`.
   */
  columns: ColumnParts[];
  rows: number;
  /** A report's part: its rows also go to the report's JSON file. */
  report?: ReportPart;
}

/** This thread's IPC stream, reused by every part it writes (see {@linkcode IpcBuffer}). */
const ipc = new IpcBuffer();
/** This thread's arrays for the parts' Arrow data, reused likewise (see {@linkcode Scratch}). */
const scratch = new Scratch();

/**
 * Encodes a job's rows as Parquet and writes the file atomically. A report's part also appends
 * its rows to the report's JSON file, and the last part puts that file in place.
 *
 * @param job The part file.
 * @throws Error naming the path when the directory or a file cannot be written.
 */
export function writePart(job: PartJob): void {
  const { specs, rows, report } = job;
  const columns = report === undefined ? job.columns : writeReportLines(report, job.columns, rows);
  scratch.reset();
  const data = specs.map((spec, i) => columnData(spec, columns[i], rows, scratch));
  const bytes = ipcToParquet(specs, columnsToIpc(specs, data, rows, ipc), rows);
  if (job.reset) resetPartDir(job.dir);
  else makePartDir(job.dir);
  writeFileAtomic(job.dir, job.name, bytes);
  if (report?.last) placeReportJson(report);
}
