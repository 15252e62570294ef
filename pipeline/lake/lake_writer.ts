/**
 * The Parquet lake sink: canonical records and quarantine rows to Hive-partitioned Parquet
 * files, replacing on replay what an earlier run wrote.
 *
 * @module
 */

import type { AnyBatch } from "../../operators/types.ts";
import { LAKE_TABLES, type LakeTableName } from "./lake_schema.ts";
import { errorText } from "./part_files.ts";
import { InlinePartWriter, type PartWriter } from "./part_writer.ts";
import { TableSink, type TableTotals } from "./table_sink.ts";
import { WorkerPartWriter } from "./worker_part_writer.ts";

/** Options of {@linkcode LakeWriter}. */
export interface LakeWriterOptions {
  /** Lake root directory; created when missing. */
  root: string;
  /** Rows per part file (and per row group); default 131072. */
  maxRowsPerFile?: number;
  /** Partitions of one table buffered at a time; default 4. */
  maxOpenPartitions?: number;
  /**
   * Encode Parquet on a worker thread (default `true`): the calling thread only gathers
   * columns, and at most two files wait for the worker before `write` blocks. `false` encodes
   * on the calling thread.
   */
  worker?: boolean;
}

/** Rows and files written per lake table by one run. */
export type LakeSummary = Record<LakeTableName, TableTotals>;

/**
 * Writes batches to `<root>/<table>/date=YYYY-MM-DD/part-NNNNN.parquet` (zstd), partitioned by
 * the UTC day of each row's event time; quarantine rows without one go to `date=unknown`.
 *
 * Synchronous on purpose: `write` returns once the rows are buffered or handed to the encoder,
 * blocking while the encoder is behind, which is the replay's backpressure. Memory stays under
 * `maxOpenPartitions × maxRowsPerFile` rows per table plus two files being encoded.
 *
 * The first file a run writes into a partition replaces that partition's existing part files,
 * so replaying the same input yields the same, byte-identical files. File boundaries depend
 * only on the order of the rows (and on `flush` calls), not on how they were split into batches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const review = { reviewId: "r1", userId: null, productId: null, orderId: null, rating: 5,
 *   title: null, body: null, eventTime: Date.UTC(2019, 9, 1) };
 * const root = await Deno.makeTempDir();
 * const lake = new LakeWriter({ root, worker: false });
 * lake.write({ table: "reviews", records: [review], quarantine: [] }); // for every batch
 * const summary = lake.close();
 * assert.equal(summary.reviews.rows, 1);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class LakeWriter {
  readonly #sinks = new Map<LakeTableName, TableSink>();
  readonly #parts: PartWriter;
  #closed = false;

  /**
   * @param options Root directory and limits.
   * @throws Error naming the root when it cannot be created; RangeError on a bad limit.
   */
  constructor(options: LakeWriterOptions) {
    const maxRowsPerFile = positiveInteger("maxRowsPerFile", options.maxRowsPerFile ?? 131_072);
    const maxOpenPartitions = positiveInteger(
      "maxOpenPartitions",
      options.maxOpenPartitions ?? 4,
    );
    try {
      Deno.mkdirSync(options.root, { recursive: true });
    } catch (cause) {
      throw new Error(`Cannot create lake root ${options.root}: ${errorText(cause)}`, { cause });
    }
    this.#parts = options.worker === false ? new InlinePartWriter() : new WorkerPartWriter();
    const sinkOptions = {
      root: options.root,
      maxRowsPerFile,
      maxOpenPartitions,
      parts: this.#parts,
    };
    for (const table of LAKE_TABLES) this.#sinks.set(table, new TableSink(table, sinkOptions));
  }

  /**
   * The writer of this lake's part files (its encoder worker, unless `worker: false`), for
   * other Parquet files of the same run such as reports (see `ReportWriter`). Files submitted
   * to it are on disk once {@linkcode flush} or {@linkcode close} returns.
   */
  get parts(): PartWriter {
    return this.#parts;
  }

  /**
   * Appends the batch's records to its table and its quarantine rows to `quarantine`.
   *
   * @param batch A batch of canonical records.
   * @throws Error naming the file when a part file cannot be written.
   */
  write(batch: AnyBatch): void {
    if (this.#closed) throw new Error("LakeWriter.write() called after close()");
    if (batch.records.length > 0) this.#sinks.get(batch.table)!.append(batch.records);
    if (batch.quarantine.length > 0) this.#sinks.get("quarantine")!.append(batch.quarantine);
  }

  /**
   * Writes all buffered rows and waits until every file is on disk, for a caller that must
   * know its input is stored (before committing Kafka offsets, say). Each flush ends the open
   * part files, so flushing often makes many small files.
   *
   * @throws Error naming the file when a part file could not be written.
   */
  flush(): void {
    if (this.#closed) throw new Error("LakeWriter.flush() called after close()");
    for (const sink of this.#sinks.values()) sink.flush();
    this.#parts.flush();
  }

  /**
   * Writes all buffered rows, waits until every file is on disk and returns what this run
   * wrote. Calling it again writes nothing and returns the same totals.
   *
   * @throws Error naming the file when a part file could not be written.
   */
  close(): LakeSummary {
    this.#closed = true;
    const summary = {} as LakeSummary;
    try {
      for (const [table, sink] of this.#sinks) summary[table] = sink.close();
    } finally {
      this.#parts.finish();
    }
    return summary;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`LakeWriter option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
