/**
 * Streaming text decoding of one input file: UTF-8, or UTF-16 when the file starts with its BOM,
 * with the byte offset at which each decoded text starts.
 *
 * @module
 */

import { heldBytes } from "./byte_cursor.ts";

/** A decoded piece of a file and where it starts. */
export interface DecodedText {
  text: string;
  /** UTF-8 byte offset of `text[0]` in the file; `undefined` when not known (UTF-16 files). */
  start: number | undefined;
}

/**
 * Decodes a file read chunk by chunk. The encoding is UTF-8 unless the file starts with a UTF-16
 * byte order mark (`FF FE` little-endian, as spreadsheet "Unicode text" exports write, or
 * `FE FF`). A BOM is dropped. A character split across two reads stays whole; invalid bytes
 * read as U+FFFD.
 *
 * For UTF-8 it also tracks where each decoded text starts in the file: the bytes the text so far
 * covers, the bytes of an unfinished character the decoder holds back, and a dropped BOM. So a
 * row kept without text can say its byte offset.
 *
 * @example
 * ```ts
 * const decoder = new FileDecoder();
 * decoder.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])); // { text: "a", start: 3 }
 * ```
 */
export class FileDecoder {
  #decoder: TextDecoder | null = null;
  #utf16 = false;
  /** The file's first bytes while the encoding is not known yet. */
  #lead: number[] = [];
  /** Bytes of the file covered by the text decoded so far. */
  #decoded = 0;
  /** Bytes of an unfinished character the decoder holds back. */
  #held = 0;
  /** The last (up to 3) bytes read. */
  #tail: number[] = [];
  #bom = false;

  /** Whether the file is UTF-16 (known once 2 bytes have been read). */
  get utf16(): boolean {
    return this.#utf16;
  }

  /**
   * Decodes the next chunk read.
   *
   * @param chunk The bytes read.
   * @returns The text (possibly empty) and where it starts.
   */
  decode(chunk: Uint8Array): DecodedText {
    if (this.#decoder === null) {
      for (let i = 0; i < chunk.length; i++) this.#lead.push(chunk[i]);
      if (this.#lead.length < 3) return { text: "", start: 0 };
      chunk = this.#start();
    }
    return this.#next(chunk, this.#decoder!.decode(chunk, { stream: true }));
  }

  /** Decodes what the decoder still holds at end of file. */
  flush(): DecodedText {
    if (this.#decoder === null) {
      const lead = this.#start();
      const first = this.#next(lead, this.#decoder!.decode(lead));
      return first;
    }
    return this.#next(new Uint8Array(0), this.#decoder.decode());
  }

  /** Chooses the encoding from the first bytes; returns them for decoding. */
  #start(): Uint8Array {
    const lead = Uint8Array.from(this.#lead);
    this.#lead = [];
    const [a, b, c] = lead;
    if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
      this.#utf16 = true;
      this.#decoder = new TextDecoder(a === 0xff ? "utf-16le" : "utf-16be");
    } else {
      this.#bom = a === 0xef && b === 0xbb && c === 0xbf;
      this.#decoder = new TextDecoder("utf-8");
    }
    return lead;
  }

  /** The start of `text`, just decoded from `chunk`; then accounts for the chunk. */
  #next(chunk: Uint8Array, text: string): DecodedText {
    if (this.#utf16) return { text, start: undefined };
    const start = this.#decoded === 0 && this.#bom && text.length > 0 ? 3 : this.#decoded;
    for (let i = Math.max(0, chunk.length - 3); i < chunk.length; i++) this.#tail.push(chunk[i]);
    if (this.#tail.length > 3) this.#tail.splice(0, this.#tail.length - 3);
    const held = chunk.length === 0 ? 0 : heldBytes(Uint8Array.from(this.#tail));
    this.#decoded += this.#held + chunk.length - held;
    this.#held = held;
    return { text, start };
  }
}
