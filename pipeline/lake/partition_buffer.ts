/**
 * Rows of one lake partition waiting to be written, held column by column.
 *
 * @module
 */

import type { ColumnBuffer, ColumnParts } from "./column_buffer.ts";
import { createColumnBuffer } from "./create_column_buffer.ts";
import type { ColumnSpec } from "./lake_schema.ts";

/** The buffered rows of one partition (`date=YYYY-MM-DD`) of one table. */
export class PartitionBuffer {
  /** Partition directory name, such as `date=2019-10-01`; reassigned when the buffer is reused. */
  partition: string;
  /** Number of rows held. */
  length = 0;
  /**
   * Rows of the partition's open part file already submitted in pieces (`PartJob.piece`), no
   * longer held here.
   */
  submitted = 0;
  readonly #specs: readonly ColumnSpec[];
  readonly #columns: ColumnBuffer[];

  /**
   * @param specs The table's columns.
   * @param partition Partition directory name.
   */
  constructor(specs: readonly ColumnSpec[], partition: string) {
    this.#specs = specs;
    this.#columns = specs.map(createColumnBuffer);
    this.partition = partition;
  }

  /**
   * Appends `records[from … to-1]`.
   *
   * @param records Canonical records or quarantine rows of this buffer's table.
   * @param from First record.
   * @param to One past the last record.
   */
  append(records: readonly object[], from: number, to: number): void {
    for (const column of this.#columns) column.append(records, from, to, this.length);
    this.length += to - from;
  }

  /** The table's columns. */
  get specs(): readonly ColumnSpec[] {
    return this.#specs;
  }

  /**
   * The held rows as each column's raw arrays, and empties the buffer. The arrays view the
   * buffer's memory: hand them on (a part writer copies or encodes them at once) before the next
   * `append`. The Arrow data and its IPC stream are built by the part writer, on the encoder
   * worker when there is one (see {@linkcode columnData}).
   */
  drain(): ColumnParts[] {
    const parts = this.#columns.map((column) => column.parts(this.length));
    for (const column of this.#columns) column.clear();
    this.length = 0;
    return parts;
  }
}
