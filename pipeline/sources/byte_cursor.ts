/**
 * UTF-8 byte offsets of positions in a splitter's text, computed only when asked.
 *
 * @module
 */

/**
 * Maps an index in a splitter's buffer to the UTF-8 byte offset in the file, for quarantine
 * rows that keep no text and must say where to fetch the record. The buffer is the unfinished
 * text of earlier chunks followed by the current chunk; the file source says at which byte each
 * chunk starts. Nothing is counted until a position is asked for, and then only from the last
 * position asked in the same chunk, so files without such rows pay nothing and files with many
 * pay one pass over each chunk.
 *
 * Offsets are exact for valid UTF-8. An invalid byte is decoded as U+FFFD (three bytes), so
 * offsets after one in the same file are approximate; the line number stays exact.
 *
 * @example
 * ```ts
 * const cursor = new ByteCursor();
 * cursor.chunk("é,x\nz", 100, 0);
 * cursor.byteAt("é,x\nz", 4); // 105: "é" is 2 bytes
 * ```
 */
export class ByteCursor {
  #text = "";
  /** Byte offset of `#text[0]` in the file; NaN when unknown. */
  #start = NaN;
  /** Index of `#text[0]` in the splitter's buffer (negative once the splitter dropped it). */
  #base = 0;
  #at = 0;
  #atBytes = 0;

  /**
   * A new chunk was appended to the buffer.
   *
   * @param text The chunk's text.
   * @param start Its byte offset in the file (`undefined`: unknown, positions get no offset).
   * @param base Its index in the splitter's buffer (the length of the unfinished text before it).
   */
  chunk(text: string, start: number | undefined, base: number): void {
    this.#text = text;
    this.#start = start ?? NaN;
    this.#base = base;
    this.#at = 0;
    this.#atBytes = 0;
  }

  /** The splitter dropped the first `n` characters of its buffer. */
  shift(n: number): void {
    this.#base -= n;
  }

  /**
   * The byte offset in the file of `buf[index]`, or NaN when the chunk's offset is unknown.
   *
   * @param buf The splitter's buffer.
   * @param index An index in it.
   */
  byteAt(buf: string, index: number): number {
    const rel = index - this.#base;
    if (rel < 0) return this.#start - utf8Length(buf, index, this.#base);
    if (rel < this.#at) {
      this.#at = 0;
      this.#atBytes = 0;
    }
    this.#atBytes += utf8Length(this.#text, this.#at, rel);
    this.#at = rel;
    return this.#start + this.#atBytes;
  }
}

/**
 * UTF-8 length of `text[start, end)` (a lone surrogate counts 3 bytes, as U+FFFD).
 *
 * @param text The text.
 * @param start First index.
 * @param end Index after the last.
 */
export function utf8Length(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * How many bytes at the end of `tail` a streaming UTF-8 decoder holds back: the start of a
 * character whose remaining bytes have not been read yet (0 to 3).
 *
 * @param tail The last bytes read so far (at least the last 3, when there are that many).
 */
export function heldBytes(tail: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= tail.length; k++) {
    const b = tail[tail.length - k];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return k < need ? k : 0;
    }
  }
  return 0;
}
