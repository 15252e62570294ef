/**
 * File operations of the lake: part file names, atomic writes (temporary name, then rename) and
 * removal of a partition's previous part files. All synchronous, and every failure names the path.
 *
 * @module
 */

const PART_FILE = /^part-\d+\.parquet$/;
/** A temporary file a writer makes before its rename (`.part-00000.parquet.tmp`). */
export const TEMP_FILE = /^\..*\.tmp$/;

/**
 * The name of part file number `n`.
 *
 * @example
 * ```ts
 * partFileName(3); // "part-00003.parquet"
 * ```
 */
export function partFileName(n: number): string {
  return `part-${String(n).padStart(5, "0")}.parquet`;
}

/**
 * Creates `dir` if needed and deletes the part files and leftover temporary files in it, so
 * that the files written next replace a previous run's output instead of adding to it.
 *
 * @param dir A partition (or report) directory.
 * @throws Error naming `dir` when it cannot be created, listed or cleaned.
 */
export function resetPartDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isFile && (PART_FILE.test(entry.name) || TEMP_FILE.test(entry.name))) {
        Deno.removeSync(`${dir}/${entry.name}`);
      }
    }
  } catch (cause) {
    throw new Error(`Cannot prepare lake directory ${dir}: ${errorText(cause)}`, { cause });
  }
}

/**
 * Creates `dir` (and its parents) unless it exists.
 *
 * @param dir A partition (or report) directory.
 * @throws Error naming `dir` when it cannot be created.
 */
export function makePartDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new Error(`Cannot prepare lake directory ${dir}: ${errorText(cause)}`, { cause });
  }
}

/**
 * Writes `bytes` to `dir/name` atomically: to `dir/.name.tmp` first, then renamed, so a reader
 * never sees a half-written file.
 *
 * @param dir An existing directory.
 * @param name The final file name.
 * @param bytes The content.
 * @returns The final path.
 * @throws Error naming the path when the file cannot be written.
 */
export function writeFileAtomic(dir: string, name: string, bytes: Uint8Array): string {
  const path = `${dir}/${name}`;
  const temp = `${dir}/.${name}.tmp`;
  try {
    Deno.writeFileSync(temp, bytes);
    Deno.renameSync(temp, path);
  } catch (cause) {
    removeQuietly(temp);
    throw new Error(`Cannot write lake file ${path}: ${errorText(cause)}`, { cause });
  }
  return path;
}

/** The message of an unknown thrown value. */
export function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    // The temporary file was never created (the write itself failed): nothing to clean up.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
