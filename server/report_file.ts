/**
 * One report file of the lake (`<lake>/reports/<name>.json`), read and checked.
 *
 * @module
 */

import { jsonKind, readLakeJson } from "./read_lake_json.ts";

/** A report row as the JSON file holds it. */
export type ReportRow = Record<string, unknown>;

/**
 * Reads a report's JSON file: an array of row objects. A file that is not one (a FIFO, too
 * large, not JSON, `{}`, `[1, 2]`) is refused in one line naming the file and what is wrong,
 * never quoting its content.
 *
 * @param path The report file.
 * @returns Its rows.
 * @throws {Deno.errors.NotFound} when there is no such file; else an Error naming the path.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[1, 2, 3]");
 * await assert.rejects(
 *   readReportFile(path),
 *   new TypeError(`Report ${path} is not a JSON array of objects (row 1 is a number)`),
 * );
 * await Deno.remove(path);
 * ```
 */
export async function readReportFile(path: string): Promise<ReportRow[]> {
  const parsed = await readLakeJson(path, { what: "report" });
  if (!Array.isArray(parsed)) {
    throw new TypeError(`Report ${path} is not a JSON array (${jsonKind(parsed)})`);
  }
  for (let i = 0; i < parsed.length; i++) {
    const row = parsed[i];
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new TypeError(
        `Report ${path} is not a JSON array of objects (row ${i + 1} is ${jsonKind(row)})`,
      );
    }
  }
  return parsed;
}
