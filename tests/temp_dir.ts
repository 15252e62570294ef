/**
 * Temporary folders for tests that do not outlive them: one test's folder is removed at the end
 * of its block (`await using`), one a test file shares when the file is done (its `unload`).
 * Removing never throws, so a failing test still shows its own error.
 *
 * @module
 */

/** A temporary folder, removed when the block holding it with `await using` ends. */
export interface TempDir extends AsyncDisposable {
  readonly path: string;
}

function warnUnlessGone(path: string, error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) console.warn(`cannot remove ${path}: ${error}`);
}

/** Removes `path` and all it holds; a path already gone is fine, other failures only warn. */
export async function removeQuietly(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch((error) => warnUnlessGone(path, error));
}

/**
 * Makes a temporary folder for one test: `await using dir = await tempDir()`.
 *
 * @param options as `Deno.makeTempDir`'s
 * @returns the folder, removed when disposed
 */
export async function tempDir(options?: Deno.MakeTempOptions): Promise<TempDir> {
  const path = await Deno.makeTempDir(options);
  return { path, [Symbol.asyncDispose]: () => removeQuietly(path) };
}

/** `removeQuietly`, synchronously. */
export function removeQuietlySync(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (error) {
    warnUnlessGone(path, error);
  }
}

/**
 * Makes a temporary folder that the tests of a file share, removed (quietly) when the file
 * unloads, after its last test.
 *
 * @param options as `Deno.makeTempDir`'s
 * @returns the folder
 */
export function fileTempDir(options?: Deno.MakeTempOptions): string {
  const path = Deno.makeTempDirSync(options);
  globalThis.addEventListener("unload", () => removeQuietlySync(path));
  return path;
}
