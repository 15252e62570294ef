/**
 * Builds a column's Arrow data from its raw arrays, on whichever thread encodes the part file.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import type { ColumnParts } from "./column_buffer.ts";
import { DictionaryColumn } from "./dictionary_column.ts";
import type { ColumnSpec } from "./lake_schema.ts";
import { NumberColumn } from "./number_column.ts";
import { type ArrayMaker, NEW_ARRAYS } from "./scratch.ts";
import { StringColumn } from "./string_column.ts";

/**
 * The Arrow data of a column's {@linkcode ColumnParts}: the same data as the buffer's `toData`.
 *
 * @param spec The column.
 * @param parts Its arrays, from the buffer's `parts(length)` (or a copy of them).
 * @param length Number of rows.
 * @param make Where arrays built for the Arrow data come from (the encoder worker reuses a
 *   `Scratch` area).
 * @returns The column's Arrow data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createColumnBuffer } from "./create_column_buffer.ts";
 * import { LAKE_SCHEMAS } from "./lake_schema.ts";
 * const spec = LAKE_SCHEMAS.quarantine.find((column) => column.name === "reason")!;
 * const column = createColumnBuffer(spec);
 * column.append([{ reason: "late" }], 0, 1, 0);
 * assert.equal(columnData(spec, column.parts(1), 1).length, 1);
 * ```
 */
export function columnData(
  spec: ColumnSpec,
  parts: ColumnParts,
  length: number,
  make: ArrayMaker = NEW_ARRAYS,
): arrow.Data {
  switch (spec.kind) {
    case "utf8":
      return StringColumn.data(parts, length, make);
    case "dict":
      return DictionaryColumn.data(parts, length, make);
    default:
      return NumberColumn.data(spec, parts, length, make);
  }
}

/**
 * Rows `from … to-1` of a column's {@linkcode ColumnParts}, as parts of their own. The arrays are
 * views of `parts`, except a string column's offsets, which are rebased to start at 0 in `make`'s
 * memory.
 *
 * @param spec The column.
 * @param parts Its arrays.
 * @param from First row.
 * @param to One past the last row.
 * @param make Where the rebased offsets come from.
 * @returns The rows' parts, for {@linkcode columnData} with `to - from` rows.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as arrow from "apache-arrow";
 * const spec = { name: "brand", field: "brand", kind: "utf8" as const, nullable: false };
 * const parts = { arrays: [Int32Array.of(0, 1, 3, 6), new TextEncoder().encode("abbccc"), null] };
 * const rows = sliceParts(spec, parts, 1, 3);
 * assert.deepEqual(rows.arrays[0], Int32Array.of(0, 2, 5));
 * assert.deepEqual(arrow.makeVector(columnData(spec, rows, 2)).toArray(), ["bb", "ccc"]);
 * ```
 */
export function sliceParts(
  spec: ColumnSpec,
  parts: ColumnParts,
  from: number,
  to: number,
  make: ArrayMaker = NEW_ARRAYS,
): ColumnParts {
  const [first, second, third] = parts.arrays;
  if (spec.kind === "utf8") {
    const offsets = first as Int32Array;
    const start = offsets[from];
    const rebased = make.int32(to - from + 1);
    for (let row = 0; row <= to - from; row++) rebased[row] = offsets[from + row] - start;
    const bytes = (second as Uint8Array).subarray(start, offsets[to]);
    return { arrays: [rebased, bytes, third === null ? null : third.subarray(from, to)] };
  }
  return {
    arrays: [first!.subarray(from, to), second === null ? null : second.subarray(from, to)],
    strings: parts.strings,
  };
}
