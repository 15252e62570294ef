/**
 * Lakes replayed once per test file for the SQL tests, and row comparison with the reports.
 *
 * @module
 */

import type { SqlResult } from "../../../pipeline/sql/mod.ts";
import { REAL, replayFormat } from "../formats/replay_format.ts";
import { fileTempDir } from "../../temp_dir.ts";

/** The committed sample. */
export const SAMPLE = new URL("../../../data/sample", import.meta.url).pathname;

/** Online Retail: prices down to 0.001, returns as negative quantities. */
export const ONLINE_RETAIL = `${REAL}online-retail`;

/**
 * Replays `inputs` (with format `format`, or the native one) into a new temporary lake.
 *
 * @returns The lake folder (inside a temporary folder the caller removes; if it does not, the
 * folder is removed when the test file unloads).
 */
export async function replayedLake(inputs: string[], format?: string): Promise<string> {
  const dir = fileTempDir({ prefix: "sql_lake_" });
  const lake = `${dir}/lake`;
  await replayFormat(format === undefined ? {} : { format }, inputs, lake);
  return lake;
}

/**
 * Rows of a result as objects, numeric columns as numbers (DuckDB's exact decimal text read as
 * the nearest double, which is what the report JSON holds for a value with ≤ 15 digits).
 */
export function resultObjects(result: SqlResult): Record<string, unknown>[] {
  return result.rows.map((row) =>
    Object.fromEntries(
      row.map((value, c) => [
        result.columns[c],
        value === null ? null : result.numeric[c] ? Number(value) : value,
      ]),
    )
  );
}

/** Rows reduced to `columns`, a missing value as null. */
export function pick(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
}

/** Every file path under `dir` with its size, for "nothing was written" checks. */
export async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await listing(path));
    else out.push(`${path} ${(await Deno.stat(path)).size}`);
  }
  return out.sort();
}
