/**
 * What a file system entry is, for errors that refuse what is not a regular file (`replay`'s
 * inputs, the lake's JSON files).
 *
 * In `server/` because the console must not import the pipeline; the pipeline uses it too.
 *
 * @module
 */

/**
 * What a file system entry is, for errors: `a FIFO`, `a directory`, `a socket`, ….
 *
 * @param info Its stat.
 * @returns The kind, with its article.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(fileKind(await Deno.stat("/")), "a directory");
 * ```
 */
export function fileKind(info: Deno.FileInfo): string {
  if (info.isFile) return "a file";
  if (info.isDirectory) return "a directory";
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "not a file";
}
