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

import { parquetMetadata } from "hyparquet";
import * as pw from "parquet-wasm";
import type { ColumnSpec } from "./lake_schema.ts";
import { PAGE_ROWS, writerProperties } from "./parquet_encode.ts";

/**
 * Rows per batch: one data page ({@linkcode PAGE_ROWS}). The writer counts a page's rows from
 * the start of each batch it is given, so batches that end where pages end keep the file the
 * same as {@linkcode ipcToParquet}'s, written in one batch.
 */
export const STREAM_ROWS = PAGE_ROWS;

/**
 * One Parquet file (zstd, one row group) written batch by batch through parquet-wasm's
 * streaming writer; batches may arrive over time, with other files' in between. Batches of
 * {@linkcode STREAM_ROWS} rows (all but the last) make the same file as {@linkcode ipcToParquet}.
 *
 * parquet-wasm's streaming writer ignores the errors of the batches it writes and of its own
 * close; so a batch that cannot be read fails here, {@linkcode ParquetStreamWriter.close} checks
 * the file's own row count, and it gives up (with an error) on a file that does not end. Every
 * batch must have the file's columns: the caller checks (part_job.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { int32Data } from "./arrow_data.ts";
 * import { columnsToIpc, ipcToParquet } from "./parquet_encode.ts";
 * const specs = [{ name: "n", field: "n", kind: "int32" as const, nullable: false }];
 * const rows = STREAM_ROWS + 1;
 * const n = int32Data(Int32Array.from({ length: rows }, (_, i) => i), null, rows);
 * const writer = new ParquetStreamWriter(specs);
 * for (let at = 0; at < rows; at += STREAM_ROWS) {
 *   const length = Math.min(STREAM_ROWS, rows - at);
 *   await writer.write(columnsToIpc(specs, [n.slice(at, length)], length));
 * }
 * const whole = ipcToParquet(specs, columnsToIpc(specs, [n], rows), rows);
 * assert.deepEqual(await writer.close(rows), whole);
 * ```
 */
export class ParquetStreamWriter {
  /** The writer's request for the next batch, while it waits for one. */
  #request: PromiseWithResolvers<void> = Promise.withResolvers();
  #controller: ReadableStreamDefaultController<pw.RecordBatch> | null = null;
  readonly #bytes: Promise<Uint8Array>;
  /** Rejects once the writer has ended the file (or failed): it will ask for no more batches. */
  readonly #stopped: Promise<never>;

  readonly #closeMs: number;
  /** Set by `abandon` before the writer first asked for a batch: its first ask fails. */
  #abandoned: { reason: unknown } | null = null;

  /**
   * @param specs The file's columns.
   * @param closeMs How long `close` waits for the file once its last batch is in (default
   *   {@linkcode CLOSE_MS}).
   */
  constructor(specs: readonly ColumnSpec[], closeMs = CLOSE_MS) {
    this.#closeMs = closeMs;
    const batches = new ReadableStream<pw.RecordBatch>({
      pull: (controller) => {
        this.#controller = controller;
        if (this.#abandoned !== null) controller.error(this.#abandoned.reason);
        else this.#request.resolve();
      },
    }, { highWaterMark: 0 });
    this.#bytes = pw.transformParquetStream(batches, writerProperties(specs, MAX_ROW_GROUP))
      .then((output) => new Response(output).arrayBuffer())
      .then((buffer) => new Uint8Array(buffer));
    this.#bytes.catch(() => {}); // seen by `write` or `close`
    this.#stopped = this.#bytes.then(() => {
      throw new Error("The Parquet encoder ended the file before its last batch");
    });
    this.#stopped.catch(() => {});
  }

  /**
   * Hands the writer one batch and returns once it has written it and asks for the next.
   *
   * @param ipc The batch as an Arrow IPC stream of the file's columns (copied at once).
   * @throws Error when the writer stopped, or the batch cannot be read.
   */
  async write(ipc: Uint8Array): Promise<void> {
    await this.#asked();
    const table = pw.Table.fromIPCStream(ipc);
    try {
      // The writer takes each batch's memory over; the table must go at once, or its copy of
      // the batch stays in WebAssembly memory until a collection.
      this.#request = Promise.withResolvers();
      for (const batch of table.recordBatches()) this.#controller!.enqueue(batch);
    } finally {
      table.free();
    }
    await this.#asked();
  }

  /**
   * Ends the file and returns its bytes.
   *
   * @param rows Rows written, checked against the file's own count.
   * @throws Error when the encoder failed or its file does not hold `rows` rows.
   */
  async close(rows: number): Promise<Uint8Array> {
    await this.#asked();
    this.#controller!.close();
    // A write that failed part-way through a batch leaves the file's columns with different
    // row counts; parquet-wasm then drops the error of its own close and never ends its output,
    // so the bytes would never come. The file's last page and footer take milliseconds.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `The Parquet encoder did not end the file within ${this.#closeMs} ms of its last ` +
              "batch (a batch failed part-way through)",
          ),
        );
      }, this.#closeMs);
    });
    try {
      const bytes = await Promise.race([this.#bytes, late]);
      checkRows(bytes, rows);
      return bytes;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Ends the file as failed (it is not written): the writer stops waiting for batches, also
   * when it has not asked for its first one yet.
   */
  abandon(reason: unknown): void {
    if (this.#controller !== null) this.#controller.error(reason);
    else this.#abandoned = { reason };
  }

  /** Waits until the writer asks for a batch, or throws why it stopped. */
  async #asked(): Promise<void> {
    await Promise.race([this.#request.promise, this.#stopped]);
  }
}

/**
 * How long {@linkcode ParquetStreamWriter.close} waits, by default, for the encoder to end a
 * file after its last batch. Ending one takes milliseconds; only a writer that failed part-way
 * through a batch never does.
 */
export const CLOSE_MS = 60_000;

/**
 * A streamed file's row group limit: above any file's rows, so each file is one row group. The
 * limit does not show in the file (the same bytes as with the file's exact row count).
 */
const MAX_ROW_GROUP = 2 ** 31 - 1;

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
