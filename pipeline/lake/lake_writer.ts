/**
 * The Parquet lake sink: canonical records and quarantine rows to Hive-partitioned Parquet
 * files, replacing on replay what an earlier run wrote.
 *
 * @module
 */

import type { AnyBatch } from "../../operators/types.ts";
import { LAKE_TABLES, type LakeTableName } from "./lake_schema.ts";
import { repairLake, StagedVersion } from "./lake_versions.ts";
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
  /**
   * The run rewrites the whole lake (a replay of its dataset): each table's first commit holds
   * only what this run wrote, and tables it wrote nothing to are emptied, so nothing of an
   * earlier run's input stays beside this run's reports. Default `false`: partitions and tables
   * the run does not write are kept.
   */
  fresh?: boolean;
}

/** Rows and files written per lake table by one run. */
export type LakeSummary = Record<LakeTableName, TableTotals>;

/** The lake's units of atomic replacement: every table, and the reports folder as a whole. */
export const LAKE_UNITS: readonly string[] = [...LAKE_TABLES, "reports"];

/**
 * Writes batches to `<root>/<table>/date=YYYY-MM-DD/part-NNNNN.parquet` (zstd), partitioned by
 * the UTC day of each row's event time; quarantine rows without one go to `date=__HIVE_DEFAULT_PARTITION__` (read as NULL).
 *
 * Synchronous on purpose: `write` returns once the rows are buffered or handed to the encoder,
 * blocking while the encoder is behind, which is the replay's backpressure. Memory stays under
 * `maxOpenPartitions` × 20,000 rows per table (a part file goes to the encoder worker in pieces
 * of that many rows, `STREAM_ROWS`; inline, `maxOpenPartitions × maxRowsPerFile`) plus the jobs
 * waiting for or in the encoder: at most 64, in a 32 MiB ring that grows only for a larger job
 * (`JOBS`, `RING_BYTES` in `worker_state.ts`).
 *
 * The first file a run writes into a partition replaces that partition's existing part files,
 * so replaying the same input yields the same, byte-identical files. File boundaries depend
 * only on the order of the rows (and on `flush` calls), not on how they were split into batches.
 *
 * Atomic per table: the constructor repairs what an interrupted run left (`repairLake`), rows
 * go to a staging version of their table, and `close` (or `flush`) makes each written table's
 * new version live with one rename, keeping the partitions this run did not write
 * (`StagedVersion`, see docs/ARCHITECTURE.md "Commit protocol"). A run that fails or is killed
 * before that leaves every table as it was.
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
  readonly #root: string;
  readonly #sinks = new Map<LakeTableName, TableSink>();
  /** Staging versions of the tables written since the last commit. */
  readonly #stages = new Map<string, StagedVersion>();
  readonly #parts: PartWriter;
  #summary: LakeSummary | null = null;
  readonly #fresh: boolean;
  /** Units this writer has committed: later commits of them carry their files over. */
  readonly #committed = new Set<string>();
  #closed = false;

  /**
   * @param options Root directory and limits.
   * @throws Error naming the root when it cannot be created or repaired; RangeError on a bad
   *   limit.
   */
  constructor(options: LakeWriterOptions) {
    const maxRowsPerFile = positiveInteger("maxRowsPerFile", options.maxRowsPerFile ?? 131_072);
    const maxOpenPartitions = positiveInteger(
      "maxOpenPartitions",
      options.maxOpenPartitions ?? 4,
    );
    this.#root = options.root;
    this.#fresh = options.fresh === true;
    repairLake(options.root, LAKE_UNITS);
    if (options.worker === false) {
      this.#parts = new InlinePartWriter();
    } else {
      const parts = new WorkerPartWriter();
      parts.start(); // its encoder loads while the first batches are read
      this.#parts = parts;
    }
    for (const table of LAKE_TABLES) {
      this.#sinks.set(
        table,
        new TableSink(table, {
          tableDir: () => this.stage(table).dir,
          maxRowsPerFile,
          maxOpenPartitions,
          parts: this.#parts,
        }),
      );
    }
  }

  /**
   * The staging version of a unit of this lake (a table, or `reports` for the report writers),
   * created on first use; committed by {@linkcode flush} and {@linkcode close}.
   *
   * @param unit One of {@linkcode LAKE_UNITS}.
   */
  stage(unit: string): StagedVersion {
    if (!LAKE_UNITS.includes(unit)) throw new TypeError(`Not a lake unit: ${unit}`);
    let stage = this.#stages.get(unit);
    if (stage === undefined) {
      stage = new StagedVersion(this.#root, unit);
      this.#stages.set(unit, stage);
    }
    return stage;
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
   * Appends the batch's records to its table and its quarantine rows to `quarantine`. A
   * `watermark` on the batch writes the table's open partitions of days that end at or before
   * it: no valid row of those days can follow. Their files are the ones eviction would write
   * later, so this changes memory, not output: with ordered input about two days of a table are
   * buffered instead of `maxOpenPartitions` (the quarantine table keeps them, as late rows
   * of any day go there).
   *
   * @param batch A batch of canonical records.
   * @throws Error naming the file when a part file cannot be written.
   */
  write(batch: AnyBatch): void {
    if (this.#closed) throw new Error("LakeWriter.write() called after close()");
    const sink = this.#sinks.get(batch.table)!;
    if (batch.records.length > 0) sink.append(batch.records);
    // Days the watermark has passed are complete: write them now rather than on eviction.
    if (batch.watermark !== undefined) sink.closeBefore(batch.watermark);
    if (batch.quarantine.length > 0) this.#sinks.get("quarantine")!.append(batch.quarantine);
  }

  /**
   * Writes all buffered rows, waits until every file is on disk and commits every written table,
   * for a caller that must know its input is stored and visible (before committing Kafka offsets,
   * say). A staged `reports` unit is not committed: its writers are still open. Each flush ends
   * the open part files, so flushing often makes many small files.
   *
   * @throws Error naming the file when a part file could not be written.
   */
  flush(): void {
    if (this.#closed) throw new Error("LakeWriter.flush() called after close()");
    for (const sink of this.#sinks.values()) sink.flush();
    this.#parts.flush();
    this.#commit(LAKE_TABLES);
  }

  /**
   * Writes all buffered rows, waits until every file is on disk, commits every written table
   * and returns what this run wrote. A staged `reports` unit is left to its owner's `commit`
   * (a run's last report is written after the tables). Calling it again writes nothing and
   * returns the same totals. When a file fails, no table is committed and the error is thrown.
   *
   * @throws Error naming the file when a part file could not be written.
   */
  close(): LakeSummary {
    if (this.#summary !== null) return this.#summary;
    this.#closed = true;
    const summary = {} as LakeSummary;
    try {
      for (const [table, sink] of this.#sinks) summary[table] = sink.close();
    } finally {
      this.#parts.finish();
    }
    if (this.#fresh) {
      // A live table this run wrote nothing to is replaced by an empty version.
      for (const table of LAKE_TABLES) {
        if (!this.#committed.has(table) && lakeEntryExists(`${this.#root}/${table}`)) {
          this.stage(table);
        }
      }
    }
    this.#commit(LAKE_TABLES);
    this.#summary = summary;
    return summary;
  }

  /**
   * Drops every staged, uncommitted unit after a failure: the live versions stay as they were.
   * The worker is released. Never throws; what it cannot remove the next run's repair does.
   */
  abort(): void {
    this.#closed = true;
    try {
      this.#parts.finish();
    } catch {
      // The failure being aborted is the one to report; this is only the worker's echo of it.
    }
    for (const stage of this.#stages.values()) stage.discard();
    this.#stages.clear();
  }

  /** Commits the listed units that are staged, each with its own atomic rename. */
  #commit(units: readonly string[]): void {
    for (const unit of units) {
      const stage = this.#stages.get(unit);
      if (stage === undefined) continue;
      this.#stages.delete(unit);
      stage.commit({ mirror: !this.#fresh || this.#committed.has(unit) });
      this.#committed.add(unit);
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`LakeWriter option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function lakeEntryExists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return false;
    throw new Error(`Cannot read lake path ${path}: ${errorText(cause)}`, { cause });
  }
}
