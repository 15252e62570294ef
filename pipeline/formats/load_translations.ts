/**
 * Loads Olist's category name translation table.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileSource } from "../sources/file_source.ts";
import { UsageError } from "../options.ts";
import { columnKey } from "../sources/csv_header.ts";

/** The translation table's file name in the Olist export. */
export const TRANSLATIONS_FILE = "product_category_name_translation.csv";

const FROM = "product_category_name";
const TO = "product_category_name_english";
const HEADER = `${FROM},${TO}`;

/**
 * Reads a translation table (`product_category_name,product_category_name_english`: a header row
 * naming the two columns, in either order and any case, then rows of two values; a BOM allowed)
 * into a map from Portuguese to English category name. Rows with an empty name on either side are
 * skipped. Every other row must be read, so a damaged one stops the run: skipping it would leave
 * its category untranslated without a word.
 *
 * @param path The CSV file.
 * @returns Portuguese name → English name.
 * @throws {UsageError} naming the file (and the line) when it cannot be read, is empty, its first
 *   row is not that header, or a row is not two values. Values are never quoted: a data file
 *   passed by mistake holds ids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const file = "../../data/real/olist/product_category_name_translation.csv";
 * const names = await loadTranslations(new URL(file, import.meta.url).pathname);
 * assert.equal(names.get("perfumaria"), "perfumery");
 * ```
 */
export async function loadTranslations(path: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  // Positions of the Portuguese and English names, from the header row.
  let columns: { from: number; to: number } | null = null;
  try {
    // Read without header detection: the header is checked here, and every row is seen.
    const rows = fileSource({
      table: "inventory",
      paths: [path],
      header: false,
      columns: ["first", "second"],
    });
    for await (const batch of rows) {
      const damaged = batch.quarantine[0];
      if (damaged !== undefined) {
        throw new UsageError(
          columns === null && /:line 1\b/.test(damaged.position)
            ? `translation table ${path} needs the header row ${HEADER}; its first row is not ` +
              `two values`
            : `translation table ${path}: ${damaged.position} is not a row of two values ` +
              `(${damaged.reason}); fix or remove it`,
        );
      }
      for (const rec of batch.records) {
        const values = [rec.fields.first, rec.fields.second].map(String);
        if (columns === null) {
          const keys = values.map(columnKey);
          const from = keys.indexOf(columnKey(FROM));
          const to = keys.indexOf(columnKey(TO));
          if (from < 0 || to < 0) {
            // The row's values are not quoted: a file without a header has data there.
            throw new UsageError(
              `translation table ${path} needs the header row ${HEADER}; its first row lacks ` +
                (from < 0 ? FROM : TO),
            );
          }
          columns = { from, to };
          continue;
        }
        const from = values[columns.from];
        const to = values[columns.to];
        if (from !== "" && to !== "") names.set(from, to);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read translation table ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (columns === null) {
    throw new UsageError(`translation table ${path} is empty: it needs the header row ${HEADER}`);
  }
  return names;
}

/**
 * Finds the translation table next to the input files: the first of their folders (in the
 * files' order) that holds `product_category_name_translation.csv`.
 *
 * @param files The input files.
 * @returns The table's path, or `undefined` when no folder has one.
 */
export async function findTranslations(files: readonly string[]): Promise<string | undefined> {
  const seen = new Set<string>();
  for (const file of files) {
    const dir = dirname(file);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const candidate = join(dir, TRANSLATIONS_FILE);
    try {
      if ((await Deno.stat(candidate)).isFile) return candidate;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}
