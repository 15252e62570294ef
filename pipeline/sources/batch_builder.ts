/**
 * Cuts a stream of raw records and quarantine rows into fixed-size {@linkcode RawBatch}es.
 *
 * @module
 */

import type { QuarantineRow, RawBatch, RawRecord, TableName } from "../../operators/types.ts";

/**
 * Collects records and quarantine rows of one table and cuts a batch every `batchSize` rows
 * (records and quarantine rows together). Splitters push rows in; the file source drains
 * {@linkcode BatchBuilder.ready} after each chunk so memory stays bounded by the chunk size.
 *
 * @example
 * ```ts
 * const out = new BatchBuilder("activity", 4096, 1000);
 * out.addQuarantine("activity", "a.csv:line 2", "malformed_csv", "x,y");
 * out.flush();
 * out.ready[0].quarantine.length; // 1
 * ```
 */
export class BatchBuilder {
  /** Batches cut and not yet taken by the consumer. */
  ready: RawBatch[] = [];
  /** Bytes of input consumed so far, stamped on each batch as it is cut. */
  bytesRead = 0;
  #records: RawRecord[] = [];
  #quarantine: QuarantineRow[] = [];
  #rows = 0;

  /**
   * @param table The table every batch belongs to.
   * @param batchSize Rows (records plus quarantine rows) per batch; at least 1.
   * @param bytesTotal Total bytes of the source's files, stamped on each batch.
   */
  constructor(
    readonly table: TableName,
    readonly batchSize: number,
    readonly bytesTotal: number,
  ) {
    if (!(batchSize >= 1)) throw new RangeError(`batchSize must be at least 1, got ${batchSize}`);
  }

  /** Adds one record; cuts a batch when the batch is full. */
  addRecord(record: RawRecord): void {
    this.#records.push(record);
    if (++this.#rows >= this.batchSize) this.flush();
  }

  /**
   * Adds one row the source could not parse (`malformed_csv`, `malformed_json`).
   *
   * @returns The quarantine row, for noting the ids in it.
   */
  addQuarantine(source: string, position: string, reason: string, raw: string): QuarantineRow {
    const row: QuarantineRow = { source, position, reason, raw, eventTime: null };
    this.#quarantine.push(row);
    if (++this.#rows >= this.batchSize) this.flush();
    return row;
  }

  /** Cuts the rows collected so far into a batch, if there are any. */
  flush(): void {
    if (this.#rows === 0) return;
    this.ready.push({
      table: this.table,
      records: this.#records,
      quarantine: this.#quarantine,
      bytesRead: this.bytesRead,
      bytesTotal: this.bytesTotal,
    });
    this.#records = [];
    this.#quarantine = [];
    this.#rows = 0;
  }
}
