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

/**
 * The largest lake JSON file read: the longest string V8 holds ((2²⁹ − 24) one-byte characters),
 * so a larger one could not be read at all. A per-minute report holds at most 525,600 rows a year,
 * about 44 MB (`conversion.json` of 1M generated events: 404,491 minutes over 13 months, 34 MB), so
 * it reaches this after about twelve years; a lower bound would refuse a long lake's reports.
 */
export const MAX_LAKE_JSON_BYTES = (1 << 29) - 24;

/** Options of {@linkcode readLakeJson}. */
export interface LakeJsonOptions {
  /** What the file is, for errors: `Cannot read report <path>: …` (default: nothing). */
  what?: string;
  /** Larger files are refused before they are read (default {@linkcode MAX_LAKE_JSON_BYTES}). */
  maxBytes?: number;
}

/**
 * Reads and parses a JSON file of the lake. It is refused unread when it is not a regular file
 * (opening a FIFO waits for a writer, for ever) or is larger than `maxBytes`; errors name the
 * path and never quote its text (`JSON.parse` quotes what surrounds a syntax error, which can be
 * data).
 *
 * @param path The file (links are followed).
 * @param options What the file is, and the size bound.
 * @returns The parsed value, unchecked.
 * @throws {Deno.errors.NotFound} as it is, when there is no such file; else an Error
 *   `Cannot read <what> <path>: <cause>`, such as `not a regular file (a FIFO)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, '[{"a": RAWUSER7}]');
 * await assert.rejects(
 *   readLakeJson(path, { what: "report" }),
 *   new Error(`Cannot read report ${path}: not valid JSON (an unexpected character)`),
 * );
 * await Deno.remove(path);
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
  const maxBytes = options.maxBytes ?? MAX_LAKE_JSON_BYTES;
  if (info.size > maxBytes) throw fail(`${info.size} bytes, over the limit of ${maxBytes}`);
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw error;
    throw fail(errorText(error), error);
  }
  if (text.trim() === "") throw fail("the file is empty");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON (${syntaxProblem(error)})`, error);
  }
}

/**
 * What `JSON.parse` found wrong, without the text it quotes: V8's own words and the place when
 * the message gives one (`Expected property name or '}' at line 1 column 3`), else only the kind.
 */
function syntaxProblem(error: unknown): string {
  const message = errorText(error);
  if (message === "Unexpected end of JSON input") return "it ends early";
  const at = /^([^"]*) in JSON at position (\d+)(?: \(line (\d+) column (\d+)\))?$/.exec(message);
  if (at) return `${at[1]} at ${at[3] ? `line ${at[3]} column ${at[4]}` : `position ${at[2]}`}`;
  if (message.startsWith("Unexpected token")) return "an unexpected character";
  return "a syntax error";
}

/**
 * What kind of JSON value a value is, for errors that must not quote it: `a number`, `null`,
 * `an object`, `missing` (undefined), ….
 *
 * @param value A parsed JSON value.
 * @returns Its kind, with its article.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(jsonKind([1]), "an array");
 * assert.equal(jsonKind(undefined), "missing");
 * ```
 */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
