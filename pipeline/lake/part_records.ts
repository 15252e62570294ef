/**
 * Reads a lake part back into the records it was written from, for compaction.
 *
 * @module
 */

import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { LAKE_SCHEMAS, type LakeTableName, MONEY_SCALE } from "./lake_schema.ts";

/**
 * Decodes a part file of `table` into canonical records (camelCase fields, epoch-ms times,
 * money as the writer takes it), in file order. {@linkcode encodeRows} of the result encodes
 * every value exactly as it was: decimals come back as the double nearest their integer
 * millionths, which the writer scales and rounds back to the same integer.
 *
 * @param table The lake table the part belongs to.
 * @param bytes The Parquet file.
 * @returns The records.
 * @throws Error when the file is no Parquet file of this table's layout.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeRows } from "./encode_rows.ts";
 * const row = { source: "reviews", position: "r.json:element 3", reason: "invalid_rating",
 *   raw: "", eventTime: 86_400_000 };
 * assert.deepEqual(await partRecords("quarantine", encodeRows("quarantine", [row])), [row]);
 * ```
 */
export async function partRecords(
  table: LakeTableName,
  bytes: Uint8Array,
): Promise<Record<string, unknown>[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file: buffer as ArrayBuffer, compressors });
  const specs = LAKE_SCHEMAS[table];
  const records = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const record: Record<string, unknown> = {};
    for (const spec of specs) {
      if (!(spec.name in row)) {
        throw new Error(`part of ${table} lacks column ${spec.name}`);
      }
      const value = row[spec.name];
      if (value === null || value === undefined) {
        record[spec.field] = null;
      } else if (spec.kind === "timestamp") {
        record[spec.field] = value instanceof Date ? value.getTime() : Number(value);
      } else if (spec.kind === "micros") {
        record[spec.field] = Math.round(Number(value) * 10 ** (spec.scale ?? MONEY_SCALE));
      } else if (typeof value === "bigint") {
        record[spec.field] = Number(value);
      } else {
        record[spec.field] = value;
      }
    }
    records[i] = record;
  }
  return records;
}
