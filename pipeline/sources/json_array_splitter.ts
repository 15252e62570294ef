/**
 * Streaming splitter for a JSON array of objects (`[{...}, {...}]`).
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import type { BatchBuilder } from "./batch_builder.ts";
import { jsonKeySpeller } from "./json_key_speller.ts";
import { NATIVE_COLUMNS } from "./native_columns.ts";
import { JSON_LAYOUT, rawRecord } from "./raw_record.ts";
import { parseJsonObject } from "./parse_json_object.ts";
import type { Splitter } from "./splitter.ts";

const BEFORE_ARRAY = 0, BEFORE_ELEMENT = 1, IN_ELEMENT = 2, AFTER_ARRAY = 3;

/**
 * Splits a top-level JSON array into one raw record per element without parsing the whole
 * document: it tracks string, escape and nesting state across chunks and keeps only the current
 * element's text. Each element is then `JSON.parse`d alone; one that is invalid, truncated by
 * end of file, empty (`[1,,2]`) or not an object becomes a `malformed_json` quarantine row with
 * no text (`raw` is `""`: where its ids stand cannot be known); a trailing comma before `]` is
 * tolerated.
 * Positions are `file:element N`, 0-based. Text after the closing bracket is quarantined line
 * by line, except a further `[` which starts another array (element numbering continues).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchBuilder } from "./batch_builder.ts";
 * const out = new BatchBuilder("reviews", 100, 0);
 * const arr = new JsonArraySplitter("reviews", "r.json");
 * arr.push('[{"review_id":"r1"}, {"review_id": "r', out);
 * arr.end(out);
 * out.flush(); // element 0 is a record; element 1 is quarantined as malformed_json
 * assert.equal(out.ready[0].records.length, 1);
 * assert.equal(out.ready[0].quarantine[0].reason, "malformed_json");
 * ```
 */
export class JsonArraySplitter implements Splitter {
  #state = BEFORE_ARRAY;
  #pending = "";
  /** Where scanning resumes within `#pending` (the element's text seen so far). */
  #resume = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** Whether the last delimiter was a comma, so `,]` or `,,` is an empty element. */
  #afterComma = false;
  #index = 0;
  readonly #elementPrefix: string;
  readonly #spell: (fields: Record<string, unknown>) => Record<string, unknown>;

  /**
   * @param table The table the records are for (their `source`).
   * @param file The file's name in positions (its base name, with folders where two share it; `sourceNames`).
   * @param knownColumns The names the format reads (default: the table's native columns); keys
   *   naming one in any case or spacing (`USER_ID`, `User Id`) are renamed to it, as CSV headers.
   */
  constructor(readonly table: TableName, file: string, knownColumns?: readonly string[]) {
    this.#elementPrefix = file + ":element ";
    this.#spell = jsonKeySpeller(knownColumns ?? NATIVE_COLUMNS[table]);
  }

  push(text: string, out: BatchBuilder): boolean {
    return this.#scan(this.#pending.length === 0 ? text : this.#pending + text, false, out);
  }

  end(out: BatchBuilder): boolean {
    if (this.#scan(this.#pending, true, out)) return true;
    if (this.#state === IN_ELEMENT) {
      const raw = this.#pending.trim();
      this.#pending = "";
      this.#state = AFTER_ARRAY;
      if (raw.length > 0) this.#bad(out);
    }
    return false;
  }

  #scan(buf: string, eof: boolean, out: BatchBuilder): boolean {
    const len = buf.length;
    let i = this.#resume;
    let start = 0; // where the current element began
    let depth = this.#depth;
    let inString = this.#inString;
    let escape = this.#escape;
    this.#resume = 0;
    while (i < len && out.ready.length === 0) {
      const state = this.#state;
      const c = buf.charCodeAt(i);
      if (state === IN_ELEMENT) {
        if (inString) {
          if (escape) escape = false;
          else if (c === 92) escape = true;
          else if (c === 34) inString = false;
        } else if (c === 34) {
          inString = true;
        } else if (c === 123 || c === 91) {
          depth++;
        } else if ((c === 125 || c === 93) && depth > 0) {
          depth--;
        } else if ((c === 44 || c === 93) && depth === 0) {
          this.#element(buf.slice(start, i).trimEnd(), out);
          this.#afterComma = c === 44;
          this.#state = c === 44 ? BEFORE_ELEMENT : AFTER_ARRAY;
        }
        i++;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      if (state === BEFORE_ELEMENT) {
        if (c === 44 || c === 93) {
          if (c === 44 && this.#afterComma) this.#bad(out); // `,,`; a trailing `,]` is let go
          this.#afterComma = c === 44;
          if (c === 93) this.#state = AFTER_ARRAY;
          i++;
          continue;
        }
        this.#state = IN_ELEMENT;
        start = i;
        depth = 0;
        inString = false;
        escape = false;
        continue;
      }
      if (c === 91) {
        this.#state = BEFORE_ELEMENT;
        this.#afterComma = false;
        i++;
        continue;
      }
      // Anything else outside an array: quarantine the rest of that line as malformed_json.
      let nl = buf.indexOf("\n", i);
      if (nl < 0) {
        if (!eof) {
          this.#pending = buf.slice(i);
          return false;
        }
        nl = len;
      }
      this.#bad(out);
      i = nl;
    }
    if (this.#state === IN_ELEMENT) {
      this.#pending = buf.slice(start);
      this.#resume = i - start;
      this.#depth = depth;
      this.#inString = inString;
      this.#escape = escape;
    } else {
      this.#pending = i < len ? buf.slice(i) : "";
    }
    return i < len;
  }

  #element(raw: string, out: BatchBuilder): void {
    const value = parseJsonObject(raw);
    if (value === null) {
      // Bad data is not an exception here: the element goes to quarantine, without its text.
      this.#bad(out);
      return;
    }
    const position = this.#elementPrefix + this.#index++;
    const fields = this.#spell(value);
    out.addRecord(rawRecord(this.table, position, raw, fields, JSON_LAYOUT));
  }

  /** Quarantines an element as `malformed_json`, keeping none of its text (it may hold ids). */
  #bad(out: BatchBuilder): void {
    out.addQuarantine(this.table, this.#elementPrefix + this.#index++, "malformed_json", "");
  }
}
