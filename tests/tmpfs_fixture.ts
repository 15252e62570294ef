/**
 * A small tmpfs for the full-disk tests. Mounting needs root (or CAP_SYS_ADMIN): without it the
 * test says so and is skipped.
 *
 * @module
 */

import { removeQuietlySync } from "./temp_dir.ts";

/** A tmpfs mounted at `mount`, inside the temporary folder `work`. */
export interface Tmpfs {
  work: string;
  mount: string;
  /** Whether the mount succeeded (the test is skipped otherwise). */
  ok: boolean;
  /** Unmounts it and removes `work` (never throwing); done at the latest when the file unloads. */
  remove(): void;
}

/**
 * Mounts a tmpfs of `size` (`64k`, `2m`) for the test file `name`.
 *
 * @param name the test, for the folder's prefix and the message when it cannot mount
 * @param size the tmpfs's size
 * @returns the mount
 */
export function mountTmpfs(name: string, size: string): Tmpfs {
  const work = Deno.makeTempDirSync({ prefix: `${name}_` });
  const mount = `${work}/fs`;
  Deno.mkdirSync(mount);
  const mounted = new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mount],
    stderr: "piped",
  }).outputSync();
  if (!mounted.success) {
    const text = new TextDecoder().decode(mounted.stderr).trim();
    console.warn(`${name} skipped: cannot mount a tmpfs (${text})`);
  }
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    if (mounted.success) new Deno.Command("umount", { args: [mount] }).outputSync();
    removeQuietlySync(work);
  };
  // A test skipped (no tmpfs) or filtered out never calls remove(): the file's unload does.
  globalThis.addEventListener("unload", remove);
  return { work, mount, ok: mounted.success, remove };
}
