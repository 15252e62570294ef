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
