/**
 * The lake sink of one table: routes rows to daily partitions, keeps a few partitions open and
 * writes each as numbered part files.
 *
 * @module
 */

import { LAKE_SCHEMAS, type LakeTableName } from "./lake_schema.ts";
import { partFileName } from "./part_files.ts";
import type { PartWriter } from "./part_writer.ts";
import { PartitionBuffer } from "./partition_buffer.ts";
import { STREAM_ROWS } from "./parquet_stream.ts";

const DAY_MS = 86_400_000;

/** What a table sink has written so far. */
export interface TableTotals {
  rows: number;
  files: number;
}

/** Options of {@linkcode TableSink}. */
export interface TableSinkOptions {
  /** The directory the table's partitions go to (a staging version), created on first use. */
  tableDir: () => string;
  maxRowsPerFile: number;
  maxOpenPartitions: number;
  /** Encodes and writes the part files. */
  parts: PartWriter;
}

/** Writes the rows of one lake table into `<tableDir>/date=YYYY-MM-DD/part-NNNNN.parquet`. */
export class TableSink {
  readonly #table: LakeTableName;
  readonly #options: TableSinkOptions;
  /** Open partitions, least recently written first. */
  readonly #open = new Map<string, PartitionBuffer>();
  /** A closed partition's buffer, kept so that the next partition reuses its columns. */
  #spare: PartitionBuffer | null = null;
  /** Next part number of every partition this run has written. */
  readonly #nextPart = new Map<string, number>();
  readonly #totals: TableTotals = { rows: 0, files: 0 };
  #lastDay = Number.NaN;
  #last: PartitionBuffer | null = null;

  /**
   * @param table The lake table.
   * @param options Root directory and limits.
   */
  constructor(table: LakeTableName, options: TableSinkOptions) {
    this.#table = table;
    this.#options = options;
  }

  /**
   * Buffers records, writing part files as partitions fill up or are evicted. Records are
   * grouped into runs of the same day, so each column is copied in one loop per run.
   *
   * @param records Canonical records or quarantine rows; `eventTime` picks the partition.
   */
  append(records: readonly { eventTime: number | null }[]): void {
    const maxRows = this.#options.maxRowsPerFile;
    // With a writer that takes files in pieces, a partition holds at most a piece's rows.
    const pieceRows = this.#options.parts.pieces ? STREAM_ROWS : Infinity;
    let start = 0;
    while (start < records.length) {
      const day = dayOf(records[start].eventTime);
      let end = start + 1;
      while (end < records.length && sameDay(dayOf(records[end].eventTime), day)) end++;
      const partition = this.#partitionFor(day);
      while (start < end) {
        const fileRoom = maxRows - partition.submitted - partition.length;
        const take = Math.min(end - start, fileRoom, pieceRows - partition.length);
        partition.append(records, start, start + take);
        start += take;
        if (take === fileRoom) this.#flush(partition);
        else if (partition.length === pieceRows) this.#submit(partition, false);
      }
    }
  }

  /** Submits the rows of every open partition; the partitions stay open, empty. */
  flush(): void {
    for (const partition of this.#open.values()) this.#flush(partition);
  }

  /**
   * Submits and closes the open partitions whose whole day lies before `time`. Given the
   * table's watermark, no valid row of such a day can follow (it would be late), so its rows
   * need not wait for eviction: the file is the one eviction would have written later, and with
   * ordered input about two days are buffered instead of `maxOpenPartitions`.
   *
   * @param time Epoch milliseconds: the watermark after the rows appended so far.
   */
  closeBefore(time: number): void {
    for (const [name, partition] of this.#open) {
      // `date=YYYY-MM-DD` parses as that day's UTC midnight; the null partition as NaN, which
      // never compares true.
      if (!(Date.parse(name.slice(5)) + DAY_MS <= time)) continue;
      this.#flush(partition);
      this.#open.delete(name);
      if (this.#last === partition) {
        this.#last = null;
        this.#lastDay = Number.NaN;
      }
      this.#spare = partition;
    }
  }

  /** Submits every open partition, closes them and returns this table's totals. */
  close(): TableTotals {
    this.flush();
    this.#open.clear();
    this.#last = null;
    this.#lastDay = Number.NaN;
    return { ...this.#totals };
  }

  #partitionFor(day: number): PartitionBuffer {
    if (this.#last !== null && sameDay(day, this.#lastDay)) return this.#last;
    const name = partitionName(day);
    let partition = this.#open.get(name);
    if (partition !== undefined) {
      this.#open.delete(name); // re-inserted below as the most recently written
    } else if (this.#open.size >= this.#options.maxOpenPartitions) {
      const [oldest, evicted] = this.#open.entries().next().value!;
      this.#flush(evicted);
      this.#open.delete(oldest);
      evicted.partition = name; // reuse its allocated columns
      partition = evicted;
    } else if (this.#spare !== null) {
      partition = this.#spare;
      this.#spare = null;
      partition.partition = name;
    } else {
      partition = new PartitionBuffer(LAKE_SCHEMAS[this.#table], name);
    }
    this.#open.set(name, partition);
    this.#last = partition;
    this.#lastDay = day;
    return partition;
  }

  /** Submits the partition's rows as its open part file's last (or only) piece. */
  #flush(partition: PartitionBuffer): void {
    if (partition.length === 0 && partition.submitted === 0) return;
    this.#submit(partition, true);
    this.#nextPart.set(partition.partition, (this.#nextPart.get(partition.partition) ?? 0) + 1);
    this.#totals.files += 1;
  }

  /**
   * Submits the partition's rows as (a piece of) its open part file; `last` ends the file. A
   * file of one piece is submitted whole.
   */
  #submit(partition: PartitionBuffer, last: boolean): void {
    const part = this.#nextPart.get(partition.partition) ?? 0;
    const rows = partition.length;
    const first = partition.submitted === 0;
    this.#options.parts.submit({
      dir: `${this.#options.tableDir()}/${partition.partition}`,
      name: partFileName(part),
      // The run's first file in a partition creates its directory in the staging version; its
      // part 0 tells the commit that the live version's part files there are replaced.
      reset: part === 0,
      specs: partition.specs,
      columns: partition.drain(),
      rows,
      ...(first && last ? {} : { piece: { first, last } }),
    });
    partition.submitted = last ? 0 : partition.submitted + rows;
    this.#totals.rows += rows;
  }
}

/** UTC day number of an event time, or NaN when the time is unknown. */
function dayOf(eventTime: number | null): number {
  return eventTime === null ? Number.NaN : Math.floor(eventTime / DAY_MS);
}

function sameDay(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b); // NaN (unknown) equals itself here
}

/**
 * The partition of rows without a usable event time: Hive's null partition, which DuckDB, Spark
 * and pyarrow all read as a NULL `date` (so the column stays a DATE).
 */
export const NULL_DATE_PARTITION = "date=__HIVE_DEFAULT_PARTITION__";

/** The partition folders a writer makes: a UTC day's, or {@linkcode NULL_DATE_PARTITION}. */
export const PARTITION_FOLDER = /^date=(\d{4}-\d{2}-\d{2}|__HIVE_DEFAULT_PARTITION__)$/;

/**
 * The partition directory of an event time: `date=YYYY-MM-DD` (UTC), or
 * {@linkcode NULL_DATE_PARTITION} when the time is unknown or out of range.
 *
 * @param eventTime Epoch milliseconds, or `null`.
 * @returns The directory name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(partitionOf(Date.UTC(2024, 9, 1, 23, 59)), "date=2024-10-01");
 * assert.equal(partitionOf(null), NULL_DATE_PARTITION);
 * ```
 */
export function partitionOf(eventTime: number | null): string {
  return partitionName(dayOf(eventTime));
}

function partitionName(day: number): string {
  // Beyond ±10⁸ days a Date cannot represent the time (and such a time is not an event time).
  if (!(Math.abs(day) <= 100_000_000)) return NULL_DATE_PARTITION;
  return `date=${new Date(day * DAY_MS).toISOString().slice(0, 10)}`;
}
