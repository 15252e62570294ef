/**
 * A text file writer that gathers output in memory up to a limit and writes it in large chunks,
 * so the generator's memory stays bounded however big the files get.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Default flush threshold: about one megabyte of text. */
export const FLUSH_CHARS = 1 << 20;

/**
 * Buffers text and writes it to a file in big chunks. Call {@linkcode BufferedWriter.add} in hot
 * loops (synchronous, no await) and {@linkcode BufferedWriter.flushIfFull} at checkpoints.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * const w = await BufferedWriter.create(path);
 * w.add("a,b\n");
 * await w.close();
 * assert.equal(await Deno.readTextFile(path), "a,b\n");
 * await Deno.remove(path);
 * ```
 */
export class BufferedWriter {
  #file: Deno.FsFile;
  #parts: string[] = [];
  #chars = 0;
  #open = true;
  /** Bytes written so far (after encoding). */
  bytes = 0;

  private constructor(file: Deno.FsFile, readonly path: string) {
    this.#file = file;
  }

  /**
   * Opens (creating or truncating) a file for writing.
   *
   * @param path the file to write
   * @returns the writer
   * @throws Error naming the path when it cannot be opened
   */
  static async create(path: string): Promise<BufferedWriter> {
    try {
      const file = await Deno.open(path, { write: true, create: true, truncate: true });
      return new BufferedWriter(file, path);
    } catch (cause) {
      throw new Error(`Cannot write ${path}: ${(cause as Error).message}`, { cause });
    }
  }

  /** Appends text to the buffer. */
  add(text: string): void {
    this.#parts.push(text);
    this.#chars += text.length;
  }

  /** Writes the buffer out when it holds more than `limit` characters. */
  async flushIfFull(limit = FLUSH_CHARS): Promise<void> {
    if (this.#chars >= limit) await this.flush();
  }

  /** Writes everything buffered so far. */
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const data = encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#chars = 0;
    let offset = 0;
    try {
      while (offset < data.length) offset += await this.#file.write(data.subarray(offset));
    } catch (cause) {
      throw new Error(`Cannot write ${this.path}: ${(cause as Error).message}`, { cause });
    }
    this.bytes += data.length;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.abandon();
  }

  /** Closes the file without writing what is buffered (after a failure). Idempotent. */
  abandon(): void {
    if (this.#open) this.#file.close();
    this.#open = false;
  }
}
