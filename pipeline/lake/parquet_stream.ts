/**
 * Encodes a large part file as Parquet batch by batch, so that the encoder's memory follows the
 * batch, not the file. {@linkcode ipcToParquet} hands parquet-wasm the whole file's IPC stream:
 * WebAssembly memory then holds that stream and its decoded columns at once, about twice the
 * stream, and never gives the memory back (41 MB after the 77,200-row Black Friday part of a
 * 20M-event replay). Here parquet-wasm's streaming writer takes {@linkcode STREAM_ROWS} rows at a
 * time into the same single row group, and the file comes out the same, byte for byte.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import { parquetMetadata } from "hyparquet";
import * as pw from "parquet-wasm";
import type { ColumnSpec } from "./lake_schema.ts";
import { columnsToIpc, IpcBuffer, PAGE_ROWS, writerProperties } from "./parquet_encode.ts";

/**
 * Rows per batch: one data page ({@linkcode PAGE_ROWS}). The writer counts a page's rows from
 * the start of each batch it is given, so batches that end where pages end keep the file the
 * same as {@linkcode ipcToParquet}'s, written in one batch.
 */
export const STREAM_ROWS = PAGE_ROWS;

/**
 * Encodes columns of equal length as a Parquet file (zstd, one row group), feeding the encoder
 * {@linkcode STREAM_ROWS} rows at a time. The bytes equal those of {@linkcode ipcToParquet} for
 * the same rows.
 *
 * parquet-wasm's streaming writer ignores the errors of the batches it writes; so a batch that
 * cannot be made fails the file here, and the file's own row count is checked against `rows`.
 *
 * @param specs The columns, in order.
 * @param rows Number of rows.
 * @param columns Arrow data of each column for rows `from … from+length-1`, same order; each
 *   batch's data is used (serialized) before the next is asked for, so it may reuse memory.
 * @param into Where each batch's IPC stream is assembled.
 * @returns The Parquet file's bytes.
 * @throws Error when the encoder fails or its file does not hold `rows` rows.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { int32Data } from "./arrow_data.ts";
 * import { columnsToIpc, IpcBuffer, ipcToParquet } from "./parquet_encode.ts";
 * const specs = [{ name: "n", field: "n", kind: "int32" as const, nullable: false }];
 * const rows = STREAM_ROWS + 1;
 * const n = int32Data(Int32Array.from({ length: rows }, (_, i) => i), null, rows);
 * const streamed = await columnsToParquet(
 *   specs,
 *   rows,
 *   (from, length) => [n.slice(from, length)],
 *   new IpcBuffer(),
 * );
 * assert.deepEqual(streamed, ipcToParquet(specs, columnsToIpc(specs, [n], rows), rows));
 * ```
 */
export async function columnsToParquet(
  specs: readonly ColumnSpec[],
  rows: number,
  columns: (from: number, length: number) => readonly arrow.Data[],
  into: IpcBuffer,
): Promise<Uint8Array> {
  let at = 0;
  let failure: unknown = null;
  const batches = new ReadableStream<pw.RecordBatch>({
    pull(controller) {
      if (at >= rows) return controller.close();
      const length = Math.min(STREAM_ROWS, rows - at);
      try {
        const table = pw.Table.fromIPCStream(
          columnsToIpc(specs, columns(at, length), length, into),
        );
        try {
          // The writer takes each batch's memory over; the table must go at once, or its copy
          // of the batch stays in WebAssembly memory until a collection.
          for (const batch of table.recordBatches()) controller.enqueue(batch);
        } finally {
          table.free();
        }
      } catch (error) {
        failure ??= error;
        controller.error(error);
      }
      at += length;
    },
  }, { highWaterMark: 0 });
  let bytes: Uint8Array;
  try {
    const output = await pw.transformParquetStream(batches, writerProperties(specs, rows));
    bytes = new Uint8Array(await new Response(output).arrayBuffer());
  } catch (error) {
    throw failure ?? error;
  }
  if (failure !== null) throw failure;
  checkRows(bytes, rows);
  return bytes;
}

/**
 * Throws unless `bytes` is a whole Parquet file of `rows` rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.throws(() => checkRows(Uint8Array.of(1, 2, 3), 1), /not a whole Parquet file/);
 * ```
 */
export function checkRows(bytes: Uint8Array, rows: number): void {
  let written: number;
  try {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const buffer = whole ? bytes.buffer : bytes.slice().buffer;
    written = Number(parquetMetadata(buffer as ArrayBuffer).num_rows);
  } catch (error) {
    throw new Error(`The Parquet encoder's output is not a whole Parquet file (${error})`);
  }
  if (written !== rows) {
    throw new Error(`The Parquet encoder wrote ${written} of ${rows} rows`);
  }
}
