/**
 * Atomic exchange of two paths with Linux's `renameat2(RENAME_EXCHANGE)`, through Deno's FFI.
 * The lake uses it once per table: to replace a table that is still a plain directory (the
 * layout before versioned tables) by a link to its first version without a moment in which the
 * table is missing.
 *
 * @module
 */

const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;

type Renameat2 = (
  oldDir: number,
  oldPath: Uint8Array,
  newDir: number,
  newPath: Uint8Array,
  flags: number,
) => number;

let renameat2: Renameat2 | null | undefined;

/**
 * Swaps the directory entries `a` and `b` atomically (both must exist; they may be of different
 * types, such as a link and a directory).
 *
 * @param a A path.
 * @param b Another path on the same file system.
 * @returns `true` when swapped; `false` when the system cannot (not Linux, no FFI permission,
 *   a file system without the flag) and nothing changed.
 */
export function exchangePaths(a: string, b: string): boolean {
  const call = load();
  if (call === null) return false;
  return call(AT_FDCWD, cString(a), AT_FDCWD, cString(b), RENAME_EXCHANGE) === 0;
}

function load(): Renameat2 | null {
  if (renameat2 !== undefined) return renameat2;
  renameat2 = null;
  if (Deno.build.os !== "linux") return null;
  try {
    const lib = Deno.dlopen("libc.so.6", {
      renameat2: { parameters: ["i32", "buffer", "i32", "buffer", "u32"], result: "i32" },
    });
    renameat2 = lib.symbols.renameat2 as Renameat2;
  } catch {
    // No FFI permission, or a libc without renameat2: callers fall back to two renames.
  }
  return renameat2;
}

function cString(text: string): Uint8Array {
  return new TextEncoder().encode(`${text}\0`);
}
