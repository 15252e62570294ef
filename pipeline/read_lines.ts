/**
 * Text lines of a byte stream, as they complete.
 *
 * @module
 */

/**
 * Splits a UTF-8 byte stream (stdin, a child's stdout) into lines, without their `\n` or
 * `\r\n`; a last line without a terminator is given too.
 *
 * @param stream the bytes
 * @returns the lines, as they complete
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = new Blob(["a\r\nb\nc"]).stream();
 * assert.deepEqual(await Array.fromAsync(readLines(bytes)), ["a", "b", "c"]);
 * ```
 */
export async function* readLines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
    }
  }
  if (pending !== "") yield pending;
}
