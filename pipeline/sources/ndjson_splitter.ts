/**
 * Streaming NDJSON (JSON Lines) splitter.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import type { BatchBuilder } from "./batch_builder.ts";
import { rawRecord } from "./raw_record.ts";
import type { Splitter } from "./splitter.ts";

/**
 * Splits newline-delimited JSON into raw records: each non-blank line is one JSON object. A line
 * that does not parse, or parses to something other than an object, becomes a `malformed_json`
 * quarantine row. Lines end in LF or CRLF; positions are `file:line N` (1-based).
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
  #line = 1;
  readonly #linePrefix: string;

  /**
   * @param table The table the records are for (their `source`).
   * @param file The file's base name, used in positions.
   */
  constructor(readonly table: TableName, file: string) {
    this.#linePrefix = file + ":line ";
  }

  push(text: string, out: BatchBuilder): boolean {
    return this.#scan(this.#pending.length === 0 ? text : this.#pending + text, false, out);
  }

  end(out: BatchBuilder): boolean {
    return this.#scan(this.#pending, true, out);
  }

  #scan(buf: string, eof: boolean, out: BatchBuilder): boolean {
    const len = buf.length;
    let pos = 0;
    let line = this.#line;
    while (pos < len && out.ready.length === 0) {
      let nl = buf.indexOf("\n", pos);
      if (nl < 0) {
        if (!eof) break;
        nl = len;
      }
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (!isBlank(buf, pos, end)) this.#emit(buf.slice(pos, end), line, out);
      line++;
      pos = nl + 1;
    }
    this.#pending = pos < len ? buf.slice(pos) : "";
    this.#line = line;
    return pos < len && out.ready.length > 0;
  }

  #emit(raw: string, line: number, out: BatchBuilder): void {
    const position = this.#linePrefix + line;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // Bad data is not an exception here: the line goes to quarantine with its text.
      out.addQuarantine(this.table, position, "malformed_json", raw);
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      out.addQuarantine(this.table, position, "malformed_json", raw);
      return;
    }
    out.addRecord(rawRecord(this.table, position, raw, value as Record<string, unknown>));
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
