/**
 * What a source format tells the pipeline: which table its files feed, how to read their CSV
 * header, and the decoders that turn its rows into canonical records.
 *
 * @module
 */

import type { Decoders } from "../../operators/decoder.ts";
import type { TableName } from "../../operators/types.ts";

/**
 * A source format ready for a run: a preset after loading its companion files, or a checked
 * mapping file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FORMAT_PRESETS } from "./format_presets.ts";
 * import { NATIVE_DECODERS } from "../../operators/validate.ts";
 * const format = await FORMAT_PRESETS["online-retail"].load({ files: ["by-day/2010-12-01.csv"] });
 * const decoders = { ...NATIVE_DECODERS, ...format.decoders() }; // fresh for this run
 * assert.equal(format.table, "transactions");
 * assert.notEqual(decoders.transactions, NATIVE_DECODERS.transactions);
 * ```
 */
export interface SourceFormat {
  /** For messages: the preset name, or `mapping <file>`. */
  name: string;
  /**
   * The label Kafka messages carry in their `shopease-format` header when it is not `name`: a
   * mapping's is `mapping:` and 12 hex digits of its content's SHA-256, the same on every machine.
   */
  label?: string;
  /** The table every input file feeds; `undefined` to choose by file name (native layout). */
  table?: TableName;
  /** CSV header row: `true`, `false`, or `"auto"` (a first row naming the columns is a header). */
  header: boolean | "auto";
  /**
   * The columns of a CSV file without a header row, in file order; under `"auto"` also the names
   * that mark a first row as the header. `undefined`: the table's native columns.
   */
  columns?: readonly string[];
  /** Columns a CSV header row must name; checked for every input file before reading. */
  requiredColumns: readonly string[];
  /**
   * Allowed lateness (ms) when the user gives none: exports in no time order (a catalog, a review
   * dump) would otherwise quarantine most rows as `late`.
   */
  lateness?: number;
  /**
   * ISO 4217 code of the format's money columns when the format knows it (UCI Online Retail is a
   * UK shop: `GBP`); recorded in the replay summary for the console.
   */
  currency?: string;
  /** Input files that are the format's companions, not data (the Olist translation table). */
  companions: readonly string[];
  /**
   * Creates the decoders of one run, for the tables the format feeds (the native ones serve the
   * rest). Call it once per run or stream: some decoders keep state (Online Retail numbers the
   * lines of each invoice).
   */
  decoders(): Partial<Decoders>;
}
