/**
 * The part files of a table version as DuckDB globs: only what a writer makes. A person's copy of
 * a partition (`date=2025-02-22.bak`, `old-date=…`) or a part dropped beside the partitions was
 * read as table data: its rows counted twice, or the lake would not open (a Hive key missing).
 *
 * @module
 */

import { NULL_DATE_PARTITION, PARTITION_FOLDER } from "../lake/table_sink.ts";

/** A day's partition folder, as a glob: `date=` and a `YYYY-MM-DD` of digits. */
const DAY_GLOB = "date=[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]";
const PART = /^part-.+\.parquet$/;

/**
 * The globs that read the table version at `dir`: its day partitions' part files, and the null
 * partition's when it has any (a glob that matches nothing is an error in DuckDB).
 *
 * @param dir the version folder (the table's link resolved), written into the globs as it is
 * @param literal escapes glob characters of `dir`
 * @returns the globs; none when the version has no part file in a partition a writer makes
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * assert.deepEqual(await tableGlobs(dir, (p) => p), []);
 * await Deno.mkdir(`${dir}/date=2025-01-02`);
 * await Deno.writeFile(`${dir}/date=2025-01-02/part-00000.parquet`, new Uint8Array());
 * assert.deepEqual(await tableGlobs(dir, (p) => p), [
 *   `${dir}/date=[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/part-*.parquet`,
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function tableGlobs(
  dir: string,
  literal: (path: string) => string,
): Promise<string[]> {
  let days = false;
  let undated = false;
  for (const name of await partitions(dir)) {
    if (!PARTITION_FOLDER.test(name)) continue;
    if (name === NULL_DATE_PARTITION) undated = await hasPart(`${dir}/${name}`);
    else if (!days) days = await hasPart(`${dir}/${name}`);
  }
  const globs: string[] = [];
  if (days) globs.push(`${literal(dir)}/${DAY_GLOB}/part-*.parquet`);
  if (undated) globs.push(`${literal(dir)}/${NULL_DATE_PARTITION}/part-*.parquet`);
  return globs;
}

async function partitions(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).filter((e) => e.isDirectory)
      .map((e) => e.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return []; // no version yet: an empty view
    throw error;
  }
}

async function hasPart(dir: string): Promise<boolean> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && PART.test(entry.name)) return true;
  }
  return false;
}
