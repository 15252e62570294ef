/**
 * Streaming NDJSON (JSON Lines) splitter.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import type { BatchBuilder } from "./batch_builder.ts";
import { ByteCursor } from "./byte_cursor.ts";
import { jsonKeySpeller } from "./json_key_speller.ts";
import { NATIVE_COLUMNS } from "./native_columns.ts";
import { JSON_LAYOUT, rawRecord } from "./raw_record.ts";
import { parseJsonObject } from "./parse_json_object.ts";
import type { Splitter } from "./splitter.ts";

/**
 * Splits newline-delimited JSON into raw records: each non-blank line is one JSON object. A line
 * that does not parse, or parses to something other than an object, becomes a `malformed_json`
 * quarantine row with no text (`raw` is `""`: where its ids stand cannot be known, so nothing of
 * it is kept). Lines end in LF or CRLF; positions are `file:line N` (1-based).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchBuilder } from "./batch_builder.ts";
 * const out = new BatchBuilder("transactions", 100, 0);
 * const nd = new NdjsonSplitter("transactions", "t.ndjson");
 * nd.push('{"a":1}\n[2]\n', out);
 * nd.end(out);
 * out.flush(); // one record (line 1), one malformed_json row (line 2)
 * assert.equal(out.ready[0].records.length, 1);
 * assert.equal(out.ready[0].quarantine[0].reason, "malformed_json");
 * ```
 */
export class NdjsonSplitter implements Splitter {
  #pending = "";
  readonly #bytes = new ByteCursor();
  /** Text after `#pending` set aside while a line has no end yet (see `push`). */
  #parts: string[] = [];
  #partsLength = 0;
  /** Whether `#pending` is the start of a line with no line feed yet. */
  #waitLf = false;
  #line = 1;
  readonly #linePrefix: string;
  readonly #spell: (fields: Record<string, unknown>) => Record<string, unknown>;

  /**
   * @param table The table the records are for (their `source`).
   * @param file The file's name in positions (its base name, with folders where two share it; `sourceNames`).
   * @param knownColumns The names the format reads (default: the table's native columns); keys
   *   naming one in any case or spacing (`USER_ID`, `User Id`) are renamed to it, as CSV headers.
   */
  constructor(readonly table: TableName, file: string, knownColumns?: readonly string[]) {
    this.#linePrefix = file + ":line ";
    this.#spell = jsonKeySpeller(knownColumns ?? NATIVE_COLUMNS[table]);
  }

  push(text: string, out: BatchBuilder, byteOffset?: number): boolean {
    if (text.length > 0) {
      this.#bytes.chunk(text, byteOffset, this.#pending.length + this.#partsLength);
    }
    if (this.#waitLf && text.indexOf("\n") < 0) {
      // Still no line end: set the text aside and join once, when the line ends (appending and
      // searching again on every read is quadratic on a long line).
      this.#parts.push(text);
      this.#partsLength += text.length;
      return false;
    }
    const pending = this.#joinParts();
    return this.#scan(pending.length === 0 ? text : pending + text, false, out);
  }

  end(out: BatchBuilder): boolean {
    return this.#scan(this.#joinParts(), true, out);
  }

  /** `#pending` with the text set aside appended. */
  #joinParts(): string {
    if (this.#parts.length === 0) return this.#pending;
    const pending = this.#pending + this.#parts.join("");
    this.#parts = [];
    this.#partsLength = 0;
    return pending;
  }

  #scan(buf: string, eof: boolean, out: BatchBuilder): boolean {
    this.#waitLf = false;
    const len = buf.length;
    let pos = 0;
    let line = this.#line;
    while (pos < len && out.ready.length === 0) {
      let nl = buf.indexOf("\n", pos);
      if (nl < 0) {
        if (!eof) {
          this.#waitLf = true;
          break;
        }
        nl = len;
      }
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (!isBlank(buf, pos, end)) this.#emit(buf, pos, end, line, out);
      line++;
      pos = nl + 1;
    }
    this.#pending = pos < len ? buf.slice(pos) : "";
    this.#bytes.shift(pos);
    this.#line = line;
    return pos < len && out.ready.length > 0;
  }

  #emit(buf: string, pos: number, end: number, line: number, out: BatchBuilder): void {
    const raw = buf.slice(pos, end);
    const position = this.#linePrefix + line;
    const value = parseJsonObject(raw);
    if (value === null) {
      // Bad data is not an exception here: the line goes to quarantine, without its text.
      this.#malformed(buf, pos, position, out);
      return;
    }
    const fields = this.#spell(value);
    out.addRecord(rawRecord(this.table, position, raw, fields, JSON_LAYOUT));
  }

  /**
   * Quarantines the line at `buf[pos]` as `malformed_json` with no text (it may hold ids), its
   * position completed by the byte offset when the source gave one.
   */
  #malformed(buf: string, pos: number, position: string, out: BatchBuilder): void {
    const byte = this.#bytes.byteAt(buf, pos);
    const at = byte === byte ? `${position}, byte ${byte}` : position;
    out.addQuarantine(this.table, at, "malformed_json", "");
  }
}

/** True when `buf[start, end)` holds only spaces and tabs (or nothing). */
export function isBlank(buf: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
