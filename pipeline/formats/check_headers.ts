/**
 * Checks, before a replay reads any data, that every CSV input has the columns its format needs.
 *
 * @module
 */

import { basename, extname } from "node:path";
import type { TableName } from "../../operators/types.ts";
import { BatchBuilder } from "../sources/batch_builder.ts";
import { CsvSplitter } from "../sources/csv_splitter.ts";
import { openInput, readInput } from "../sources/open_input.ts";
import { FileDecoder } from "../sources/file_decoder.ts";
import { UnknownHeaderError } from "../sources/csv_header.ts";
import { UsageError } from "../options.ts";
import type { SourceFormat } from "./source_format.ts";

const CHUNK = 64 * 1024;

/**
 * Reads the first row of every CSV input the way the replay will (same dialect and header
 * detection) and stops when the format cannot read the file: a first row that is neither a
 * header the format knows nor data, a header row that lacks a required column, or a file without
 * a header row whose first row does not have the format's column count (unless the format says
 * there is no header, `--no-header`: then that row is data, quarantined like any damaged row). NDJSON and JSON inputs
 * (named by key, not by position) are not checked; formats without required columns (the native
 * one) only for a first row that is neither header nor data.
 *
 * @param format The source format.
 * @param table The table the files feed.
 * @param files The input files.
 * @throws {UsageError} naming the file, the missing columns and the columns it has.
 * @throws {UnknownHeaderError} naming the file whose first row is neither header nor data.
 *
 * @example
 * ```ts
 * import { FORMAT_PRESETS } from "./format_presets.ts";
 * const file = new URL("../../data/real/online-retail/2011-04-15.csv", import.meta.url).pathname;
 * const format = await FORMAT_PRESETS["online-retail"].load({ files: [file] });
 * await checkHeaders(format, "transactions", [file]); // throws on a bad header
 * ```
 */
export async function checkHeaders(
  format: SourceFormat,
  table: TableName,
  files: readonly string[],
): Promise<void> {
  const knownColumns = format.decoders()[table]?.fields;
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    if (extension === ".ndjson" || extension === ".jsonl") continue;
    const first = await firstRow(file, table, format, knownColumns);
    if (first === null || format.requiredColumns.length === 0) continue;
    if (first.hasHeader) {
      const missing = format.requiredColumns.filter((name) => !first.names.includes(name));
      if (missing.length > 0) {
        // Only the format's own names are quoted: any other value of the row may be data (a row
        // read as a header under --header, or one naming a column by chance) and hold ids, which
        // never go to a log.
        const known = knownColumns ?? format.columns ?? [];
        const own = first.names.filter((name) => known.includes(name));
        const others = first.names.length - own.length;
        const names = own.length > 0
          ? `the header names ${own.join(", ")}` +
            (others > 0 ? ` and ${others} other value${others === 1 ? "" : "s"}` : "")
          : `the first row names none of its columns (data? then drop --header)`;
        throw new UsageError(
          `${file}: its header has no column ${missing.map((m) => JSON.stringify(m)).join(", ")} ` +
            `needed by ${format.name}; ${names}`,
        );
      }
    } else if (first.malformed && format.header !== false) {
      // Under --no-header the first row is data like any other: a damaged one is quarantined.
      throw new UsageError(
        `${file}: no header row, and its first row does not have the ${first.names.length} ` +
          `columns ${format.name} expects (${first.names.join(", ")}); if the file has a header, ` +
          `pass --header; if it has none and only that row is damaged, pass --no-header`,
      );
    }
  }
}

interface FirstRow {
  names: readonly string[];
  hasHeader: boolean;
  /** The first data row did not fit the columns (headerless files). */
  malformed: boolean;
}

/** The column names the replay will use for `file`, or `null` for JSON or an empty file. */
async function firstRow(
  file: string,
  table: TableName,
  format: SourceFormat,
  knownColumns: readonly string[] | undefined,
): Promise<FirstRow | null> {
  using handle = await openInput(file);
  const decoder = new FileDecoder();
  const buffer = new Uint8Array(CHUNK);
  const out = new BatchBuilder(table, 1, 0);
  const splitter = new CsvSplitter(table, basename(file), {
    header: format.header,
    columns: format.columns,
    knownColumns,
  });
  let sniffed = extname(file).toLowerCase() === ".csv";
  for (;;) {
    const n = await readInput(handle, file, buffer);
    const text = n === null ? decoder.flush().text : decoder.decode(buffer.subarray(0, n)).text;
    if (!sniffed) {
      const at = text.search(/[^\s\uFEFF]/);
      if (at >= 0) {
        if (text[at] === "[" || text[at] === "{") return null;
        sniffed = true;
      }
    }
    try {
      if (n === null) splitter.end(out);
      else splitter.push(text, out);
    } catch (error) {
      if (!(error instanceof UnknownHeaderError)) throw error;
      throw new UnknownHeaderError(`${file}: ${error.message}`, { cause: error });
    }
    const names = splitter.columnNames;
    if (names !== null && (splitter.hasHeader || out.ready.length > 0)) {
      const malformed = out.ready.length > 0 && out.ready[0].quarantine.length > 0;
      return { names, hasHeader: splitter.hasHeader, malformed };
    }
    if (n === null) return null;
  }
}
