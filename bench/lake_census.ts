/**
 * Counts what a lake holds, for benchmarks: part files and folders of the live version of each
 * table, and how many versions each table went through.
 *
 * @module
 */

/** One table's count. */
export interface TableCensus {
  table: string;
  /** Parquet part files in the live version. */
  parts: number;
  /** Folders in the live version (`date=…` partitions; a report's folder for `reports`). */
  folders: number;
  /** Highest version number committed (`.versions/<table>/vNNNNNN`), 0 for none. */
  versions: number;
}

/**
 * Counts the tables `tables` of `lake` (a missing table counts zeros).
 *
 * @param lake lake root
 * @param tables table folders to count
 * @returns one row per table, in the order given
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lake = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${lake}/.versions/activity/v000003/date=2024-10-01`, { recursive: true });
 * Deno.writeFileSync(`${lake}/.versions/activity/v000003/date=2024-10-01/part-0.parquet`, new Uint8Array());
 * Deno.symlinkSync(".versions/activity/v000003", `${lake}/activity`);
 * assert.deepEqual(lakeCensus(lake, ["activity"]), [
 *   { table: "activity", parts: 1, folders: 1, versions: 3 },
 * ]);
 * Deno.removeSync(lake, { recursive: true });
 * ```
 */
export function lakeCensus(lake: string, tables: readonly string[]): TableCensus[] {
  return tables.map((table) => {
    let parts = 0;
    let folders = 0;
    for (const folder of names(`${lake}/${table}`)) {
      if (folder.includes(".")) continue; // a report's JSON file, the dataset manifest
      folders++;
      parts += names(`${lake}/${table}/${folder}`).filter((n) => n.endsWith(".parquet")).length;
    }
    let versions = 0;
    for (const name of names(`${lake}/.versions/${table}`)) {
      const m = /^v(\d+)$/.exec(name);
      if (m) versions = Math.max(versions, Number(m[1]));
    }
    return { table, parts, folders, versions };
  });
}

function names(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].map((entry) => entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return [];
    }
    throw error;
  }
}
