/**
 * Encodes rows of one lake table as one Parquet file, in memory.
 *
 * @module
 */

import { LAKE_SCHEMAS, type LakeTableName } from "./lake_schema.ts";
import { ipcToParquet } from "./parquet_encode.ts";
import { PartitionBuffer } from "./partition_buffer.ts";

/**
 * Encodes `rows` with the table's column layout and replay's Parquet settings (zstd, one row
 * group). Deterministic: the same rows in the same order give the same bytes.
 *
 * @param table The lake table.
 * @param rows Canonical records (or quarantine rows) of that table, in file order.
 * @returns The Parquet file's bytes.
 * @throws {TypeError} naming the column and value when a row does not fit the table's layout.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeRows("quarantine", [{ source: "activity", position: "a.csv:line 2",
 *   reason: "invalid_price", raw: "", eventTime: null }]);
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "PAR1");
 * ```
 */
export function encodeRows(table: LakeTableName, rows: readonly object[]): Uint8Array {
  const buffer = new PartitionBuffer(LAKE_SCHEMAS[table], "");
  buffer.append(rows, 0, rows.length);
  const length = buffer.length;
  return ipcToParquet(buffer.specs, buffer.drain(), length);
}
