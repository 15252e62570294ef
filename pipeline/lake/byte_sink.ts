/**
 * Text written to a file as bytes, through one reused buffer.
 *
 * @module
 */

import { errorText } from "./part_files.ts";

/** Bytes gathered before they are written. */
const CHUNK_BYTES = 1 << 18;

/** The buffer of every sink, reused: one sink writes at a time on a thread. */
let shared = new Uint8Array(CHUNK_BYTES);

/**
 * Gathers bytes for a file and writes them a chunk at a time. The writer fills `bytes` from
 * `end` on itself, after `reserve` made room. Why: a report's JSON lines are mostly copied
 * bytes (ISO minutes, quoted strings encoded once) and digits; built as strings they made a
 * string per value and one more per line, for over a million lines a replay.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * const file = Deno.openSync(path, { write: true });
 * const sink = new ByteSink(file, path);
 * sink.reserve(32);
 * sink.end = writeNumber(sink.bytes, writeNumber(sink.bytes, sink.end, 42), 0.5);
 * sink.flush();
 * file.close();
 * assert.equal(Deno.readTextFileSync(path), "420.5");
 * await Deno.remove(path);
 * ```
 */
export class ByteSink {
  /** The buffer: bytes `0 … end-1` are waiting to be written. */
  bytes: Uint8Array = shared;
  /** Where the next byte goes. */
  end = 0;
  readonly #file: Deno.FsFile;
  readonly #path: string;

  /**
   * @param file An open file to write to.
   * @param path Its path, for errors.
   */
  constructor(file: Deno.FsFile, path: string) {
    this.#file = file;
    this.#path = path;
  }

  /**
   * Makes room for `count` more bytes after `end`: writes the gathered ones first when they
   * would not fit, and grows the buffer when `count` alone does not.
   */
  reserve(count: number): void {
    if (this.end + count <= this.bytes.length) return;
    this.flush();
    if (count > this.bytes.length) shared = this.bytes = new Uint8Array(count);
  }

  /** Appends text made only of ASCII characters. */
  ascii(text: string): void {
    this.reserve(text.length);
    this.end = writeAscii(this.bytes, this.end, text);
  }

  /**
   * Writes the gathered bytes to the file.
   *
   * @throws Error naming the path when the file cannot be written.
   */
  flush(): void {
    const bytes = this.bytes.subarray(0, this.end);
    this.end = 0;
    try {
      for (let written = 0; written < bytes.length;) {
        written += this.#file.writeSync(bytes.subarray(written));
      }
    } catch (cause) {
      throw new Error(`Cannot write report file ${this.#path}: ${errorText(cause)}`, { cause });
    }
  }
}

/**
 * Room to leave for one {@linkcode writeNumber}: `String` of a double has at most 25 characters
 * (`-0.0000012345678901234567`).
 */
export const NUMBER_BYTES = 32;

/**
 * Writes `String(value)` at `bytes[at …]`: digit by digit for a non-negative integer below 2^31,
 * without a string.
 *
 * @returns Where the next byte goes.
 */
export function writeNumber(bytes: Uint8Array, at: number, value: number): number {
  if (!(value >= 0 && value <= 0x7fffffff && (value | 0) === value)) {
    return writeAscii(bytes, at, String(value));
  }
  let end = at + 1;
  for (let rest = value; rest >= 10; rest = (rest / 10) | 0) end++;
  for (let i = end - 1, rest = value; i >= at; i--, rest = (rest / 10) | 0) {
    bytes[i] = 48 + rest % 10;
  }
  return end;
}

/**
 * Writes the ASCII `text` at `bytes[at …]`.
 *
 * @returns Where the next byte goes.
 */
export function writeAscii(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}
