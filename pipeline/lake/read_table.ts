/**
 * Reads a lake table back with hyparquet, a reader independent of the writer's parquet-wasm.
 *
 * @module
 */

import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

/**
 * Reads every part file of `<root>/<table>` into row objects, partitions in name order
 * (`date=…` ascending, the null partition `date=__HIVE_DEFAULT_PARTITION__` last) and part files
 * in name order (replay's numbered parts and the live parts `part-<topic>-p…` alike).
 *
 * Values come back as hyparquet decodes them: timestamps as `Date`, `int32`/`float64` as
 * numbers, strings as strings, nulls as `null`. The partition (`date`) is not added as a column.
 *
 * @param root Lake root directory.
 * @param table Table directory name, such as `activity` or `reports/monthly_revenue`.
 * @returns All rows; `[]` when the table does not exist.
 * @example
 * ```ts
 * // Only type-checked: it reads the lake a replay wrote (`deno task replay --input data/sample`).
 * async function transactions(): Promise<number> {
 *   const rows = await readTable("lake", "transactions");
 *   return rows.length;
 * }
 * ```
 */
export async function readTable(root: string, table: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const file of await partFiles(`${root}/${table}`)) {
    const bytes = await Deno.readFile(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const part = await parquetReadObjects({ file: buffer, compressors });
    for (const row of part) rows.push(row);
  }
  return rows;
}

/** Part files under `dir` and its partition directories, in reading order. */
async function partFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const partitions: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) partitions.push(entry.name);
      else if (entry.isFile && /^part-.+\.parquet$/.test(entry.name)) files.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const paths = files.sort().map((name) => `${dir}/${name}`);
  for (const partition of partitions.sort()) paths.push(...await partFiles(`${dir}/${partition}`));
  return paths;
}
