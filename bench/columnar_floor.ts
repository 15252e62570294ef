/**
 * A measuring stick for issue 11's item 2 (columnar batches): the least a reader in this code
 * base can do to turn the generated activity CSV into decoded, pseudonymized columns, with no
 * object per row. It reads text the way `fileSource` does (1 MiB reads, one UTF-8 decode per
 * chunk, native `indexOf` and `slice`), but puts each field straight into its column (typed
 * arrays for time, type and price; arrays of strings for the rest) and pseudonymizes a batch's
 * user and session ids a column at a time, as `anonymize` does. `deno task bench stages` times it
 * beside the real source → validate → anonymize stage: the difference is what the raw record,
 * its fields object and the event object cost there.
 *
 * It is not a source. It reads only the layout `deno task generate` writes (the native header, no
 * quotes, `YYYY-MM-DD HH:MM:SS UTC` times, plain decimal prices, `\n` line ends) and throws,
 * naming the file and line, on anything else; it checks nothing a valid generated row cannot
 * break, and it quarantines nothing.
 *
 * @module
 */

import { EVENT_TYPES } from "../operators/registry.ts";
import { NATIVE_COLUMNS } from "../operators/native_columns.ts";
import type { Pseudonymizer } from "../pipeline/pseudonymizer.ts";

/** One batch of decoded, pseudonymized activity events as columns. */
export interface FloorBatch {
  length: number;
  eventTime: Float64Array;
  /** Index into `EVENT_TYPES`. */
  eventType: Uint8Array;
  /** NaN for no price. */
  price: Float64Array;
  eventId: string[];
  productId: string[];
  categoryId: (string | null)[];
  categoryCode: (string | null)[];
  brand: (string | null)[];
  userId: string[];
  userSession: string[];
}

const HEADER = NATIVE_COLUMNS.activity.join(",");
const FIELDS = NATIVE_COLUMNS.activity.length;
const CHUNK = 1024 * 1024; // as fileSource reads

/**
 * Reads `path` (the generated layout only) into batches of `batchSize` rows.
 *
 * @param path an activity CSV written by `deno task generate`
 * @param pseudonymizer the same keyed pseudonymizer a replay would use
 * @param batchSize rows per batch (fileSource's default: 4,096)
 * @returns the batches, in file order
 * @throws Error naming the file and line of the first row outside the layout
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPseudonymizer } from "../pipeline/pseudonymizer.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "event_time,event_type,product_id,category_id,category_code," +
 *   "brand,price,user_id,user_session,event_id\n" +
 *   "2024-10-01 00:00:05 UTC,view,1008093,,,quechua,283.00,500000019,s1,ev1\n");
 * const pseudonym = createPseudonymizer(new TextEncoder().encode("a bench key of 16+ chars"));
 * for await (const batch of columnarFloor(path, pseudonym)) {
 *   assert.equal(batch.eventTime[0], Date.UTC(2024, 9, 1, 0, 0, 5));
 *   assert.equal(batch.price[0], 283);
 *   assert.equal(batch.categoryId[0], null);
 *   assert.equal(batch.userId[0], pseudonym("500000019"));
 * }
 * await Deno.remove(path);
 * ```
 */
export async function* columnarFloor(
  path: string,
  pseudonymizer: Pseudonymizer,
  batchSize = 4096,
): AsyncGenerator<FloorBatch> {
  const reader = new FloorReader(path, pseudonymizer, batchSize);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const file = await Deno.open(path);
  try {
    // Whole rows are decoded at once (a line end is never inside a UTF-8 sequence), so each
    // text is flat; the tail of a read waits at the front of the buffer for the next one.
    let buf = new Uint8Array(CHUNK);
    let have = 0;
    for (;;) {
      if (have === buf.length) { // a row longer than the buffer: grow it
        const grown = new Uint8Array(2 * buf.length);
        grown.set(buf);
        buf = grown;
      }
      const got = await file.read(buf.subarray(have));
      const end = got === null ? have : have + got;
      const cut = got === null ? end : buf.lastIndexOf(0x0a, end - 1) + 1;
      reader.rows(decoder.decode(buf.subarray(0, cut)), got === null);
      yield* reader.take();
      if (got === null) break;
      buf.copyWithin(0, cut, end);
      have = end - cut;
    }
    yield* reader.finish();
  } finally {
    file.close();
  }
}

/** The row loop of {@linkcode columnarFloor}, a plain method so that V8 optimizes it fully. */
class FloorReader {
  readonly #path: string;
  readonly #pseudonymizer: Pseudonymizer;
  readonly #batchSize: number;
  #batch: FloorBatch;
  readonly #ready: FloorBatch[] = [];
  #line = 0;
  readonly #at = new Int32Array(FIELDS + 1); // where each field starts; [FIELDS]: after the row
  #day = "";
  #dayMs = 0;

  constructor(path: string, pseudonymizer: Pseudonymizer, batchSize: number) {
    this.#path = path;
    this.#pseudonymizer = pseudonymizer;
    this.#batchSize = batchSize;
    this.#batch = newBatch(batchSize);
  }

  /** Batches made so far. */
  *take(): Generator<FloorBatch> {
    while (this.#ready.length > 0) yield this.#ready.shift()!;
  }

  /** The last, partial batch. */
  *finish(): Generator<FloorBatch> {
    if (this.#batch.length > 0) yield this.#finished(this.#batch);
  }

  /** Reads the rows of `text`, whole rows (at the end of the file, the last may lack its end). */
  rows(text: string, final: boolean): void {
    const at = this.#at;
    const path = this.#path;
    const end = text.length;
    refuseQuotes(text, path, this.#line);
    let pos = 0;
    while (pos < end) {
      let nl = text.indexOf("\n", pos);
      if (nl < 0) {
        if (!final) throw new Error(`${path}: a text of part of a row`); // cut at line ends
        nl = end; // the last row, without a line end
      }
      const line = ++this.#line;
      if (line === 1) {
        if (text.slice(pos, nl) !== HEADER) throw outside(path, line, "not the native header");
        pos = nl + 1;
        continue;
      }
      at[0] = pos;
      let k = 1;
      for (let comma = text.indexOf(",", pos); comma >= 0 && comma < nl; k++) {
        if (k === FIELDS) throw outside(path, line, `not ${FIELDS} fields`);
        at[k] = comma + 1;
        comma = text.indexOf(",", comma + 1);
      }
      if (k !== FIELDS) throw outside(path, line, `not ${FIELDS} fields`);
      at[FIELDS] = nl + 1;
      this.#row(text, line);
      pos = nl + 1;
    }
  }

  #row(text: string, line: number): void {
    const at = this.#at;
    const path = this.#path;
    const batch = this.#batch;
    const n = batch.length;
    const t = at[0];
    if (at[1] - t !== 24 || !text.startsWith(" UTC", t + 19)) {
      throw outside(path, line, "a time not written as YYYY-MM-DD HH:MM:SS UTC");
    }
    const day = text.slice(t, t + 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#dayMs = Date.UTC(
        digits(text, t, 4),
        digits(text, t + 5, 2) - 1,
        digits(text, t + 8, 2),
      );
    }
    const time = this.#dayMs + digits(text, t + 11, 2) * 3_600_000 +
      digits(text, t + 14, 2) * 60_000 + digits(text, t + 17, 2) * 1000;
    if (time !== time) throw outside(path, line, "a time with a non-digit where a digit goes");
    batch.eventTime[n] = time;
    const type = EVENT_TYPES.indexOf(text.slice(at[1], at[2] - 1) as typeof EVENT_TYPES[number]);
    if (type < 0) throw outside(path, line, "an event type that is not one of the four");
    batch.eventType[n] = type;
    if (at[3] - 1 === at[2]) throw outside(path, line, "a missing product_id");
    batch.productId[n] = text.slice(at[2], at[3] - 1);
    batch.categoryId[n] = at[4] - 1 === at[3] ? null : text.slice(at[3], at[4] - 1);
    batch.categoryCode[n] = at[5] - 1 === at[4] ? null : text.slice(at[4], at[5] - 1);
    batch.brand[n] = at[6] - 1 === at[5] ? null : text.slice(at[5], at[6] - 1);
    batch.price[n] = price(text, at[6], at[7] - 1, path, line);
    batch.userId[n] = text.slice(at[7], at[8] - 1);
    batch.userSession[n] = text.slice(at[8], at[9] - 1);
    if (at[FIELDS] - 1 === at[9]) throw outside(path, line, "no event_id");
    batch.eventId[n] = text.slice(at[9], at[FIELDS] - 1);
    batch.length = n + 1;
    if (batch.length === this.#batchSize) {
      this.#ready.push(this.#finished(batch));
      this.#batch = newBatch(this.#batchSize);
    }
  }

  /** Pseudonymizes a full batch's ids, a column at a time. */
  #finished(batch: FloorBatch): FloorBatch {
    this.#pseudonymizer.replaceAll(batch.userId, batch.length, "user");
    this.#pseudonymizer.replaceAll(batch.userSession, batch.length, "session");
    return batch;
  }
}

/** Throws, naming its line, if `text` (whose first row is line `before + 1`) has a quote or CR. */
function refuseQuotes(text: string, path: string, before: number): void {
  const quote = text.indexOf('"');
  const cr = text.indexOf("\r");
  if (quote < 0 && cr < 0) return;
  const at = quote < 0 ? cr : cr < 0 ? quote : Math.min(quote, cr);
  let line = before + 1;
  for (let nl = text.indexOf("\n"); nl >= 0 && nl < at; nl = text.indexOf("\n", nl + 1)) line++;
  throw outside(path, line, "a quote or a carriage return");
}

function newBatch(size: number): FloorBatch {
  return {
    length: 0,
    eventTime: new Float64Array(size),
    eventType: new Uint8Array(size),
    price: new Float64Array(size),
    eventId: new Array(size),
    productId: new Array(size),
    categoryId: new Array(size),
    categoryCode: new Array(size),
    brand: new Array(size),
    userId: new Array(size),
    userSession: new Array(size),
  };
}

function outside(path: string, line: number, what: string): Error {
  return new Error(`${path}:line ${line}: ${what}; the floor reads only generated activity files`);
}

/** The number written by `count` decimal digits at `at`; NaN if one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** A price in exact millionths, then as a number, as `decodeActivity` makes it; NaN for none. */
function price(text: string, start: number, end: number, path: string, line: number): number {
  if (end === start) return NaN;
  let micros = 0;
  let scale = -1; // digits after the point; -1 before it
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && scale < 0) {
      scale = 0;
    } else if (c >= 0x30 && c <= 0x39 && scale < 6) {
      micros = micros * 10 + c - 0x30;
      if (scale >= 0) scale++;
    } else {
      throw outside(path, line, "a price that is not a plain decimal with at most 6 places");
    }
  }
  for (let s = Math.max(scale, 0); s < 6; s++) micros *= 10;
  return micros / 1e6;
}
