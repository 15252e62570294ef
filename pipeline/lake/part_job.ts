/**
 * One part file to write, or a piece of one: the rows as each column's raw arrays plus where they
 * go. Jobs are plain data so they can be copied to the encoder worker, which builds the Arrow
 * data, its IPC stream and the Parquet file off the pipeline's thread.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import type { ColumnSpec } from "./lake_schema.ts";
import type { ColumnParts } from "./column_buffer.ts";
import { columnData, sliceParts } from "./column_data.ts";
import { columnsToIpc, IpcBuffer, ipcToParquet } from "./parquet_encode.ts";
import { ParquetStreamWriter, STREAM_ROWS } from "./parquet_stream.ts";
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
  /**
   * One piece of a part file submitted in several jobs, in order, by a writer whose
   * `PartWriter.pieces` is true: the first opens the file, the last ends and writes it. All but
   * the last hold a multiple of {@linkcode STREAM_ROWS} rows, so the file is the one a single job
   * of all the rows makes. Without it, the job is the whole file.
   */
  piece?: { first: boolean; last: boolean };
}

/** This thread's IPC stream, reused by every part it writes (see {@linkcode IpcBuffer}). */
const ipc = new IpcBuffer();
/** This thread's arrays for the parts' Arrow data, reused likewise (see {@linkcode Scratch}). */
const scratch = new Scratch();
/** This thread's part files being written in pieces, by path. */
const openParts = new Map<string, OpenPart>();

/**
 * Encodes a job's rows as Parquet and writes the file atomically. A report's part also appends
 * its rows to the report's JSON file, and the last part puts that file in place.
 *
 * @param job The part file.
 * @throws Error naming the path when the directory or a file cannot be written.
 */
export function writePart(job: PartJob): void {
  const { specs, rows } = job;
  const data = arrowData(job);
  let bytes: Uint8Array;
  try {
    bytes = ipcToParquet(specs, columnsToIpc(specs, data, rows, ipc), rows);
  } catch (cause) {
    throw encoderError(`${job.dir}/${job.name}`, cause);
  }
  placePart(job, bytes);
}

/**
 * Like {@linkcode writePart}, the same file, but a part of more than {@linkcode STREAM_ROWS} rows
 * is encoded batch by batch ({@linkcode ParquetStreamWriter}), which keeps the encoder's memory to
 * a batch's; and a part may come in pieces (`PartJob.piece`). The encoder worker writes its parts
 * this way.
 *
 * @param job The part file, or a piece of it.
 * @throws Error naming the path when the directory or a file cannot be written.
 */
export async function writePartInBatches(job: PartJob): Promise<void> {
  const piece = job.piece;
  if (piece === undefined && job.rows <= STREAM_ROWS) return writePart(job);
  const path = `${job.dir}/${job.name}`;
  let file = openParts.get(path);
  if (piece === undefined || piece.first) {
    if (file !== undefined) throw new Error(`Part file ${path} is already being written`);
    const { dir, name, reset, report } = job;
    const first = { dir, name, reset, report };
    file = { first, specs: job.specs, writer: new ParquetStreamWriter(job.specs), rows: 0 };
    openParts.set(path, file);
  } else if (file === undefined) {
    throw new Error(`Part file ${path}: a piece came without the file's first piece`);
  }
  try {
    if (piece?.last === false && job.rows % STREAM_ROWS !== 0) {
      throw new Error(`Piece of ${path} holds ${job.rows} rows, not a multiple of ${STREAM_ROWS}`);
    }
    // parquet-wasm's streaming writer fails part-way through a batch of other columns, silently.
    if (!sameColumns(job.specs, file.specs)) {
      throw new Error(`Piece of ${path} has other columns than the file's first piece`);
    }
    const columns = reportLines(job);
    for (let from = 0; from < job.rows; from += STREAM_ROWS) {
      const length = Math.min(STREAM_ROWS, job.rows - from);
      // Each batch's arrays are cut from the scratch anew: it holds one batch, not the file.
      scratch.reset();
      const data = job.specs.map((spec, i) => {
        const part = sliceParts(spec, columns[i], from, from + length, scratch);
        return columnData(spec, part, length, scratch);
      });
      await encoding(path, file.writer.write(columnsToIpc(job.specs, data, length, ipc)));
    }
    file.rows += job.rows;
    if (piece?.last === false) return;
    openParts.delete(path);
    placePart(file.first, await encoding(path, file.writer.close(file.rows)));
  } catch (error) {
    openParts.delete(path);
    file.writer.abandon(error);
    throw error;
  }
}

/** A part file the worker is writing in pieces: where it goes, its columns and its writer. */
interface OpenPart {
  first: FilePlace;
  specs: readonly ColumnSpec[];
  writer: ParquetStreamWriter;
  rows: number;
}

/** Whether two pieces have the same columns (every field of every spec). */
function sameColumns(a: readonly ColumnSpec[], b: readonly ColumnSpec[]): boolean {
  if (a === b) return true;
  return a.length === b.length &&
    a.every((spec, i) => JSON.stringify(spec) === JSON.stringify(b[i]));
}

/** The encoder's work on `path`; its failure, named for the file. */
async function encoding<T>(path: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (cause) {
    throw encoderError(path, cause);
  }
}

function encoderError(path: string, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Error(`Cannot encode part file ${path}: ${message}`, { cause });
}

/** The job's Arrow data, one per column, from {@linkcode reportLines}. */
function arrowData(job: PartJob): arrow.Data[] {
  const columns = reportLines(job);
  scratch.reset();
  return job.specs.map((spec, i) => columnData(spec, columns[i], job.rows, scratch));
}

/** The job's columns; a report's rows also go to its JSON file here. */
function reportLines(job: PartJob): ColumnParts[] {
  const { report, rows } = job;
  return report === undefined ? job.columns : writeReportLines(report, job.columns, rows);
}

/** Where a part file goes (and, for a report's part, its JSON file). */
type FilePlace = Pick<PartJob, "dir" | "name" | "reset" | "report">;

function placePart(job: FilePlace, bytes: Uint8Array): void {
  if (job.reset) resetPartDir(job.dir);
  else makePartDir(job.dir);
  writeFileAtomic(job.dir, job.name, bytes);
  if (job.report?.last) placeReportJson(job.report);
}
