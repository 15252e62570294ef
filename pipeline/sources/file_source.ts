/**
 * Streams CSV, NDJSON and JSON-array files as micro-batches of raw records.
 *
 * @module
 */

import { extname } from "node:path";
import type { RawBatch, TableName } from "../../operators/types.ts";
import { BatchBuilder } from "./batch_builder.ts";
import { FileDecoder } from "./file_decoder.ts";
import { CsvSplitter } from "./csv_splitter.ts";
import { UnknownHeaderError } from "./csv_header.ts";
import { JsonArraySplitter } from "./json_array_splitter.ts";
import { NdjsonSplitter } from "./ndjson_splitter.ts";
import { openInput, readInput, statInput } from "./open_input.ts";
import type { Splitter } from "./splitter.ts";
import { sourceNames } from "./source_names.ts";

export { resolveInputs } from "./resolve_inputs.ts";
export { tableForFile } from "./table_for_file.ts";

/** Options of {@linkcode fileSource}. */
export interface FileSourceOptions {
  /** The table every file feeds. */
  table: TableName;
  /** The files, read one after the other in this order as one source. */
  paths: string[];
  /** Rows (records plus quarantine rows) per batch. Default 4096. */
  batchSize?: number;
  /** CSV header row: `true`, `false` (no header) or `"auto"` (default: guessed per file). */
  header?: boolean | "auto";
  /** Columns of a CSV file without a header row (default: the table's native columns). */
  columns?: readonly string[];
  /**
   * Columns the format reads, matched in any case and spacing, as CSV header names and as JSON
   * object keys (default: `columns`, else the table's native columns).
   */
  knownColumns?: readonly string[];
  /** Bytes per read. Default 1 MiB; tests use tiny chunks to hit every boundary. */
  chunkSize?: number;
  /** A CSV record still open after this many characters is given up (a stray quote). */
  maxRecordChars?: number;
}

/**
 * Reads files of one table as an async stream of {@linkcode RawBatch}es, with memory bounded
 * by the chunk size and the longest record whatever the file size.
 *
 * The format comes from the extension: `.csv` is CSV; `.ndjson` and `.jsonl` are NDJSON; `.json`
 * (and any other extension) is sniffed: `[` as the first non-space character means a JSON array,
 * `{` means NDJSON, anything else CSV. Bytes are decoded as UTF-8 (UTF-16 after its BOM) by a
 * streaming decoder, so a character split across two reads stays whole; a BOM is dropped. Each
 * batch carries the bytes read so far and the total size of all files, for a progress bar.
 *
 * @param options The table, the files and tuning knobs.
 * @returns An async iterable of batches; iterate it once.
 * @throws {Deno.errors.NotFound} (on first iteration) naming a file that does not exist; an
 *   Error naming the file when it is not a regular file (a FIFO or a device would block or
 *   never end) or cannot be opened or read (an I/O error, say).
 * @throws {UnknownHeaderError} naming the file whose first CSV row is neither a header the
 * format knows nor data (see {@linkcode CsvSplitter}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = new URL("../../data/sample/activity.csv", import.meta.url).pathname;
 * let records = 0;
 * for await (const batch of fileSource({ table: "activity", paths: [path] })) {
 *   records += batch.records.length + batch.quarantine.length; // progress: bytesRead / bytesTotal
 * }
 * assert.equal(records, 40_000);
 * ```
 */
export async function* fileSource(options: FileSourceOptions): AsyncGenerator<RawBatch> {
  const { table, paths } = options;
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  if (!(chunkSize >= 1)) throw new RangeError(`chunkSize must be at least 1, got ${chunkSize}`);
  let bytesTotal = 0;
  for (const path of paths) bytesTotal += (await statInput(path)).size;
  const out = new BatchBuilder(table, options.batchSize ?? 4096, bytesTotal);
  const buffer = new Uint8Array(chunkSize);
  const names = sourceNames(paths);
  for (const path of paths) {
    using file = await openInput(path);
    const decoder = new FileDecoder();
    const extension = extname(path).toLowerCase();
    let splitter: Splitter | null = null;
    let head = ""; // text held back while a sniffed format is still undecided
    let headStart: number | undefined = 0;
    for (;;) {
      const n = await readInput(file, path, buffer);
      if (n === null) break;
      out.bytesRead += n;
      const { text, start } = decoder.decode(buffer.subarray(0, n));
      if (splitter === null) {
        if (head.length === 0) headStart = start;
        head += text;
        splitter = chooseSplitter(table, names.get(path)!, extension, head, options);
        if (splitter === null) continue;
        yield* feed(splitter, head, out, path, headStart);
        head = "";
      } else {
        yield* feed(splitter, text, out, path, start);
      }
    }
    const flushed = decoder.flush();
    const tail = head + flushed.text;
    const tailStart = head.length > 0 ? headStart : flushed.start;
    splitter ??= chooseSplitter(table, names.get(path)!, extension, tail, options);
    if (splitter !== null) {
      yield* feed(splitter, tail, out, path, tailStart);
      const last = splitter;
      while (withPath(path, () => last.end(out))) yield* take(out);
      yield* take(out);
    }
  }
  out.flush();
  yield* take(out);
}

/** Pushes text into the splitter, handing on each batch as soon as it is cut. */
function* feed(
  splitter: Splitter,
  text: string,
  out: BatchBuilder,
  path: string,
  byteOffset: number | undefined,
): Generator<RawBatch> {
  let more = withPath(path, () => splitter.push(text, out, byteOffset));
  yield* take(out);
  while (more) {
    more = withPath(path, () => splitter.push("", out));
    yield* take(out);
  }
}

/** Runs a splitter step; an unreadable header is reported with the file's path. */
function withPath(path: string, step: () => boolean): boolean {
  try {
    return step();
  } catch (error) {
    if (error instanceof UnknownHeaderError) {
      throw new UnknownHeaderError(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function* take(out: BatchBuilder): Generator<RawBatch> {
  while (out.ready.length > 0) yield out.ready.shift()!;
}

/** Picks the splitter for a file; `null` while a sniffed file has shown only whitespace. */
function chooseSplitter(
  table: TableName,
  file: string,
  extension: string,
  head: string,
  options: FileSourceOptions,
): Splitter | null {
  if (extension === ".csv") {
    return new CsvSplitter(table, file, options);
  }
  // The names JSON keys are matched to, as CsvSplitter matches header names.
  const known = options.knownColumns ?? options.columns;
  if (extension === ".ndjson" || extension === ".jsonl") {
    return new NdjsonSplitter(table, file, known);
  }
  const first = head.search(/[^\s\uFEFF]/);
  if (first < 0) return null;
  if (head[first] === "[") return new JsonArraySplitter(table, file, known);
  if (head[first] === "{") return new NdjsonSplitter(table, file, known);
  return new CsvSplitter(table, file, options);
}
