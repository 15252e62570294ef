/**
 * Opening and reading input files with errors that name the file: every fatal error must say
 * which input failed and why, in one line.
 *
 * @module
 */

import { fileKind } from "../../server/file_kind.ts";

/**
 * Stats an input, refusing what is not a regular file before anything opens it: opening a FIFO
 * blocks until a writer comes, and a device may never end, so either would hang a run.
 *
 * @param path An input file (links are followed).
 * @returns Its file info.
 * @throws {Deno.errors.NotFound} `input not found: <path>`; an Error `Cannot read input <path>:
 *   <cause>` for anything else, such as `not a regular file (a FIFO)`.
 */
export async function statInput(path: string): Promise<Deno.FileInfo> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw inputError(path, error);
  }
  if (!info.isFile) {
    throw new Error(`Cannot read input ${path}: not a regular file (${fileKind(info)})`);
  }
  return info;
}

/**
 * Opens an input for reading after {@linkcode statInput} has checked it.
 *
 * @param path An input file.
 * @returns The open file; close it (`using`).
 * @throws The errors of {@linkcode statInput}, or `Cannot read input <path>: <cause>`.
 */
export async function openInput(path: string): Promise<Deno.FsFile> {
  await statInput(path);
  try {
    return await Deno.open(path);
  } catch (error) {
    throw inputError(path, error);
  }
}

/**
 * Reads the next chunk of an input.
 *
 * @param file The open input.
 * @param path Its path, for the error.
 * @param buffer Where the bytes go.
 * @returns The number of bytes read, or `null` at the end.
 * @throws Error `Cannot read input <path>: <cause>` (an I/O error, say).
 */
export async function readInput(
  file: Deno.FsFile,
  path: string,
  buffer: Uint8Array,
): Promise<number | null> {
  try {
    return await file.read(buffer);
  } catch (error) {
    throw inputError(path, error);
  }
}

function inputError(path: string, error: unknown): Error {
  if (error instanceof Deno.errors.NotFound) {
    return new Deno.errors.NotFound(`input not found: ${path}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Cannot read input ${path}: ${message}`, { cause: error });
}
