/**
 * Turns Arrow columns into a Parquet file (zstd, one row group, a data page every
 * {@linkcode PAGE_ROWS} rows) in two steps: columns → Arrow IPC stream, then IPC → Parquet with
 * parquet-wasm (the expensive part). Both run on the lake's encoder worker (see `part_job.ts`),
 * or inline when the lake has no worker; the worker encodes a large file a page's rows at a time
 * instead, into the same bytes (`parquet_stream.ts`).
 *
 * @module
 */

import * as arrow from "apache-arrow";
import * as pw from "parquet-wasm";
import type { ColumnSpec } from "./lake_schema.ts";

/**
 * Serializes columns of equal length as one Arrow IPC stream.
 *
 * @param specs The columns, in order.
 * @param columns Arrow data of each column, same order and length.
 * @param length Number of rows.
 * @param into Where to assemble the stream; without it, a new array.
 * @returns The IPC stream's bytes (with `into`, a view of it, valid until its next use).
 */
export function columnsToIpc(
  specs: readonly ColumnSpec[],
  columns: readonly arrow.Data[],
  length: number,
  into?: IpcBuffer,
): Uint8Array {
  const fields = specs.map((spec, i) => new arrow.Field(spec.name, columns[i].type, spec.nullable));
  const schema = new arrow.Schema(fields);
  const struct = arrow.makeData({
    type: new arrow.Struct(fields),
    length,
    nullCount: 0,
    children: columns as arrow.Data[],
  });
  const table = new arrow.Table(schema, [new arrow.RecordBatch(schema, struct)]);
  if (into === undefined) return arrow.tableToIPC(table, "stream");
  const writer = arrow.RecordBatchStreamWriter.writeAll(table);
  // The writer keeps what it wrote (metadata, and views of the columns' arrays) in its sink's
  // queue, which its own `toUint8Array` joins into a new array. Should a later apache-arrow keep
  // them elsewhere, that is the way back.
  const chunks = (writer as unknown as { _sink?: { _values?: unknown } })._sink?._values;
  return Array.isArray(chunks) ? into.join(chunks) : writer.toUint8Array(true);
}

/**
 * An array the IPC stream is assembled in, kept from one file to the next. On the encoder worker
 * a new stream per file, as large as the file's columns, was the largest of the dead buffers
 * waiting there for a collection (together about 40 MB at the peak of a 20M-event replay; this
 * array took 20 MB off that peak).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const into = new IpcBuffer();
 * assert.deepEqual(into.join([Uint8Array.of(1, 2), Uint8Array.of(3)]), Uint8Array.of(1, 2, 3));
 * assert.deepEqual(into.join([Uint8Array.of(4)]), Uint8Array.of(4));
 * ```
 */
export class IpcBuffer {
  #bytes = new Uint8Array(0);

  /** Copies `chunks` one after another into the array, grown when needed; returns the view. */
  join(chunks: readonly Uint8Array[]): Uint8Array {
    let length = 0;
    for (const chunk of chunks) length += chunk.byteLength;
    if (length > this.#bytes.length) {
      this.#bytes = new Uint8Array(2 ** Math.ceil(Math.log2(length)));
    }
    let at = 0;
    for (const chunk of chunks) {
      this.#bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return this.#bytes.subarray(0, length);
  }
}

/**
 * Encodes an Arrow IPC stream made by {@linkcode columnsToIpc} as a Parquet file.
 *
 * Encoding choices, measured on 131072 activity rows: timestamps use DELTA_BINARY_PACKED
 * without a dictionary (event times are nearly sorted, so deltas pack to a few bits: 4× smaller,
 * 3× faster than a dictionary); `unique` columns skip a dictionary page that would not pay off;
 * min/max statistics are kept per column chunk for timestamps and numbers only, because string
 * statistics cost a fifth of the whole encode time and nobody prunes on ids.
 *
 * @param specs The columns, in order.
 * @param ipc The IPC stream.
 * @param rows Number of rows in the stream; the file gets a single row group.
 * @returns The Parquet file's bytes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utf8Data } from "./arrow_data.ts";
 * const specs = [{ name: "brand", field: "brand", kind: "utf8" as const, nullable: true }];
 * const parquet = ipcToParquet(specs, columnsToIpc(specs, [utf8Data(["a"], 1)], 1), 1);
 * assert.equal(new TextDecoder().decode(parquet.subarray(0, 4)), "PAR1");
 * ```
 */
export function ipcToParquet(
  specs: readonly ColumnSpec[],
  ipc: Uint8Array,
  rows: number,
): Uint8Array {
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), writerProperties(specs, rows));
}

/**
 * Rows per data page: parquet-rs's default page row limit, which parquet-wasm does not let us set.
 */
export const PAGE_ROWS = 20_000;

/**
 * Rows the writer takes at a time, between which it checks whether a page is full. A divisor
 * of {@linkcode PAGE_ROWS}, so that every column's pages break every `PAGE_ROWS` rows. With
 * parquet-rs's default of 1024, a column with nulls broke its pages every 20,480 rows, while a
 * nullable column without any broke them every 20,000 rows (parquet-rs takes such a column
 * `PAGE_ROWS` at a time); a file written in several batches then differed from the file of one.
 */
const WRITE_BATCH_ROWS = 1_000;

/**
 * The encoding choices of {@linkcode ipcToParquet} for a file of `rows` rows in one row group.
 */
export function writerProperties(specs: readonly ColumnSpec[], rows: number): pw.WriterProperties {
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    .setWriteBatchSize(WRITE_BATCH_ROWS)
    .setMaxRowGroupSize(Math.max(rows, 1))
    .setStatisticsEnabled(pw.EnabledStatistics.None);
  for (const spec of specs) {
    if (spec.kind === "timestamp") {
      builder = builder
        .setColumnDictionaryEnabled(spec.name, false)
        .setColumnEncoding(spec.name, pw.Encoding.DELTA_BINARY_PACKED);
    } else if (spec.unique === true) {
      builder = builder.setColumnDictionaryEnabled(spec.name, false);
    }
    if (spec.kind !== "utf8" && spec.kind !== "dict") {
      builder = builder.setColumnStatisticsEnabled(spec.name, pw.EnabledStatistics.Chunk);
    }
  }
  return builder.build();
}
