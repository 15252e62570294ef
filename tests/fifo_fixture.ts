/**
 * FIFOs where a lake has files, for the tests of the readers that must refuse them: opening a
 * FIFO for reading waits until a writer comes, so a reader that does not check hangs.
 *
 * @module
 */

import assert from "node:assert/strict";

/**
 * Makes a FIFO (`mkfifo`).
 *
 * @param path Where; nothing may be there.
 */
export async function makeFifo(path: string): Promise<void> {
  const out = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

/**
 * A promise's outcome within a time limit, so a test of a read that hangs fails instead.
 *
 * @param promise What to wait for (left pending when it is late).
 * @param ms The limit.
 * @returns `{ value }` when it resolved, the error when it rejected, `"timed out"` when late.
 */
export async function settled(promise: Promise<unknown>, ms = 5_000): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((resolve) => timer = setTimeout(() => resolve("timed out"), ms));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => error), late]);
  } finally {
    clearTimeout(timer);
  }
}
