/**
 * Reading a lake's JSON files (reports, the `_lake.json` manifest) by path, without trusting
 * them: a lake can be damaged by hand, copied half, or hold a FIFO where a file was.
 *
 * In `server/` because the console must not import the pipeline; the pipeline's readers of the
 * same files (`readLakeDataset`, `report`, `consume`) use it too.
 *
 * @module
 */

import { fileKind } from "./file_kind.ts";

/** Options of {@linkcode readLakeJson}. */
export interface LakeJsonOptions {
  /** What the file is, for errors: `Cannot read report <path>: …` (default: nothing). */
  what?: string;
}

/**
 * Reads and parses a JSON file of the lake. It is refused unread when it is not a regular file
 * (opening a FIFO waits for a writer, for ever); errors name the path.
 *
 * @param path The file (links are followed).
 * @param options What the file is.
 * @returns The parsed value, unchecked.
 * @throws {Deno.errors.NotFound} as it is, when there is no such file; else an Error
 *   `Cannot read <what> <path>: <cause>`, such as `not a regular file (a FIFO)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[1, 2]");
 * assert.deepEqual(await readLakeJson(path, { what: "report" }), [1, 2]);
 * await Deno.remove(path);
 * await assert.rejects(readLakeJson("/", { what: "report" }), {
 *   message: "Cannot read report /: not a regular file (a directory)",
 * });
 * ```
 */
export async function readLakeJson(path: string, options: LakeJsonOptions = {}): Promise<unknown> {
  const name = options.what ? `${options.what} ${path}` : path;
  const fail = (cause: string, error?: unknown) =>
    new Error(`Cannot read ${name}: ${cause}`, error === undefined ? {} : { cause: error });
  let info: Deno.FileInfo;
  let text: string;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw error;
    throw fail(errorText(error), error);
  }
  if (!info.isFile) throw fail(`not a regular file (${fileKind(info)})`);
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw error;
    throw fail(errorText(error), error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(errorText(error), error);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
