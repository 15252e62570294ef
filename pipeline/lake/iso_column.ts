/**
 * Epoch-millisecond times as a `utf8` column of ISO-8601 text, written as bytes.
 *
 * @module
 */

import { writeAscii } from "./byte_sink.ts";
import type { ColumnParts } from "./column_buffer.ts";

import { isoText } from "../../operators/iso_text.ts";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Year 10000: from there on `toISOString` writes a six-digit year with a sign. */
const YEAR_10000 = 253_402_300_800_000;
/** `YYYY-MM-DDT` and `HH:MM:00.000Z`: a whole minute's 24 bytes. */
const DAY_BYTES = 11;
const TIME_BYTES = 13;

/** `HH:MM:00.000Z` of each minute of a day, 13 bytes each, built on first use. */
let timesOfDay: Uint8Array | null = null;

function buildTimesOfDay(): Uint8Array {
  const times = new Uint8Array(1440 * TIME_BYTES);
  const encoder = new TextEncoder();
  for (let m = 0; m < 1440; m++) {
    const h = Math.floor(m / 60);
    const mm = m % 60;
    const text = `${h < 10 ? "0" : ""}${h}:${mm < 10 ? "0" : ""}${mm}:00.000Z`;
    encoder.encodeInto(text, times.subarray(m * TIME_BYTES));
  }
  return times;
}

/**
 * The times `values[r]` (where `valid[r]` is 1) as ISO text, in the layout of a `utf8` column's
 * parts: offsets, bytes, validity. The text is `isoText` (so `toISOString`) of each time; a
 * whole minute from 1970 to 9999 is copied from a day and a time-of-day table instead of made
 * as a string. Why: a replay's per-minute reports have over a million such rows.
 *
 * @param values Times in ms since the epoch, within a `Date`'s range (0 where null).
 * @param valid 1 per row with a time, 0 for null (which adds no bytes).
 * @param rows Number of rows.
 * @returns `{ arrays: [offsets, bytes, valid] }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const column = isoColumn(new Float64Array([Date.UTC(2019, 9, 1, 0, 5), 0]), new Uint8Array([1, 0]), 2);
 * const [offsets, bytes] = column.arrays as [Int32Array, Uint8Array];
 * assert.deepEqual([...offsets], [0, 24, 24]);
 * assert.equal(new TextDecoder().decode(bytes), "2019-10-01T00:05:00.000Z");
 * ```
 */
export function isoColumn(values: Float64Array, valid: Uint8Array, rows: number): ColumnParts {
  const times = timesOfDay ??= buildTimesOfDay();
  const offsets = new Int32Array(rows + 1);
  let bytes = new Uint8Array(rows * (DAY_BYTES + TIME_BYTES));
  let end = 0;
  const dayText = new Uint8Array(DAY_BYTES); // `YYYY-MM-DDT` of the day starting at `dayMs`
  let dayMs = NaN;
  for (let r = 0; r < rows; r++) {
    if (valid[r] !== 0) {
      const ms = values[r];
      // Minute of the day last written: consecutive rows are mostly minutes of one day.
      let minute = (ms - dayMs) / MINUTE_MS;
      if (!(minute >= 0 && minute < 1440) && ms >= 0 && ms < YEAR_10000) {
        const day = Math.floor(ms / DAY_MS);
        writeAscii(dayText, 0, new Date(day * DAY_MS).toISOString().slice(0, DAY_BYTES));
        dayMs = day * DAY_MS;
        minute = (ms - dayMs) / MINUTE_MS;
      }
      if (minute >= 0 && minute < 1440 && (minute | 0) === minute) {
        // Byte loops: `set` of a `subarray` costs more for a dozen bytes.
        for (let i = 0; i < DAY_BYTES; i++) bytes[end++] = dayText[i];
        const t = minute * TIME_BYTES;
        for (let i = 0; i < TIME_BYTES; i++) bytes[end++] = times[t + i];
      } else {
        // Other times (not a whole minute, or a year outside 1970-9999), in up to 27 bytes.
        // The rows after it still need their 24 bytes each (the whole minutes are copied
        // unchecked): grow so that they all fit, even at 27 bytes.
        const text = isoText(ms);
        if (end + text.length + (rows - r - 1) * (DAY_BYTES + TIME_BYTES) > bytes.length) {
          const grown = new Uint8Array(end + (rows - r) * 27);
          grown.set(bytes.subarray(0, end));
          bytes = grown;
        }
        writeAscii(bytes, end, text);
        end += text.length;
      }
    }
    offsets[r + 1] = end;
  }
  return { arrays: [offsets, bytes.subarray(0, end), valid.subarray(0, rows)] };
}
