/**
 * Loads Olist's category name translation table.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileSource } from "../sources/file_source.ts";
import { UsageError } from "../options.ts";

/** The translation table's file name in the Olist export. */
export const TRANSLATIONS_FILE = "product_category_name_translation.csv";

/**
 * Reads a translation table (`product_category_name,product_category_name_english`, a header
 * row, a BOM allowed) into a map from Portuguese to English category name. Rows with an empty
 * name on either side are skipped.
 *
 * @param path The CSV file.
 * @returns Portuguese name → English name.
 * @throws {UsageError} naming the file when it cannot be read or lacks those two columns.
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
  try {
    for await (const batch of fileSource({ table: "inventory", paths: [path], header: true })) {
      for (const rec of batch.records) {
        const from = rec.fields.product_category_name;
        const to = rec.fields.product_category_name_english;
        if (from === undefined || to === undefined) {
          // The header's names are not quoted: a file without a header has data there.
          throw new UsageError(
            `translation table ${path} needs the columns product_category_name and ` +
              `product_category_name_english in its header row; its first row has ` +
              `${Object.keys(rec.fields).length} values and lacks ` +
              (from === undefined ? "product_category_name" : "product_category_name_english"),
          );
        }
        if (typeof from === "string" && typeof to === "string" && from !== "" && to !== "") {
          names.set(from, to);
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read translation table ${path}: ${(error as Error).message}`, {
      cause: error,
    });
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
