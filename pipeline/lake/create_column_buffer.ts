/**
 * Picks the buffer class for a lake column.
 *
 * @module
 */

import type { ColumnBuffer } from "./column_buffer.ts";
import { DictionaryColumn } from "./dictionary_column.ts";
import type { ColumnSpec } from "./lake_schema.ts";
import { NumberColumn } from "./number_column.ts";
import { StringColumn } from "./string_column.ts";

/**
 * Creates the buffer for a column of kind `spec.kind`.
 *
 * @param spec The column.
 * @returns An empty buffer.
 */
export function createColumnBuffer(spec: ColumnSpec): ColumnBuffer {
  switch (spec.kind) {
    case "utf8":
      return new StringColumn(spec);
    case "dict":
      return new DictionaryColumn(spec);
    default:
      return new NumberColumn(spec);
  }
}
