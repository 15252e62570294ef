/**
 * The CSV splitter's slow path (scanning one record that contains a quote, char by char) and
 * small text helpers.
 *
 * @module
 */

/** Results of {@linkcode scanQuoted}. */
export const OK = 0, INCOMPLETE = 1, BAD = 2, UNTERMINATED = 3;

/** Where a scanned record ends and how many values it has (reused: one per splitter). */
export interface QuotedScan {
  /** Values found. */
  count: number;
  /** Index of the record's terminating LF (or the text length). */
  end: number;
}

/**
 * Scans the record starting at `buf[pos]` (RFC 4180: quoted values may hold the delimiter,
 * doubled quotes and line breaks), filling `values` and `scan`.
 *
 * @param buf The splitter's text.
 * @param pos Where the record starts.
 * @param eof Whether `buf` ends the file (else a record running to its end is `INCOMPLETE`).
 * @param delimiterCode The delimiter's char code.
 * @param values Receives the values.
 * @param scan Receives the value count and the record's end.
 * @returns `OK`, `INCOMPLETE` (more text needed), `BAD` (text after a closing quote; `scan.end`
 * is the end of that line) or `UNTERMINATED` (a quote still open at end of file).
 */
export function scanQuoted(
  buf: string,
  pos: number,
  eof: boolean,
  delimiterCode: number,
  values: string[],
  scan: QuotedScan,
): number {
  const len = buf.length;
  let k = 0;
  let i = pos;
  for (;;) {
    if (i < len && buf.charCodeAt(i) === 34) {
      let value = "";
      let segment = i + 1;
      let q: number;
      for (;;) {
        q = buf.indexOf('"', segment);
        if (q < 0) return eof ? UNTERMINATED : INCOMPLETE;
        if (q + 1 >= len && !eof) return INCOMPLETE;
        if (buf.charCodeAt(q + 1) !== 34) break;
        value += buf.slice(segment, q + 1); // a doubled quote stands for one quote
        segment = q + 2;
      }
      values[k++] = value + buf.slice(segment, q);
      i = q + 1;
      const c = i < len ? buf.charCodeAt(i) : 10;
      if (c === delimiterCode) {
        i++;
        continue;
      }
      if (c === 10) break;
      if (c === 13 && i + 1 < len && buf.charCodeAt(i + 1) === 10) {
        i++;
        break;
      }
      if (c === 13 && i + 1 >= len && eof) {
        i++;
        break;
      }
      // Text after a closing quote: the record is malformed; it ends at the next line feed.
      const nl = buf.indexOf("\n", i);
      if (nl < 0 && !eof) return INCOMPLETE;
      scan.end = nl < 0 ? len : nl;
      return BAD;
    }
    let j = i;
    let c = 10;
    while (j < len) {
      c = buf.charCodeAt(j);
      if (c === delimiterCode || c === 10) break;
      j++;
    }
    if (j >= len) {
      if (!eof) return INCOMPLETE;
      c = 10;
    }
    values[k++] = buf.slice(i, c === 10 && j > i && buf.charCodeAt(j - 1) === 13 ? j - 1 : j);
    if (c === delimiterCode) {
      i = j + 1;
      continue;
    }
    i = j;
    break;
  }
  scan.count = k;
  scan.end = i < len ? i : len;
  return OK;
}

/** `end`, or `end - 1` when `buf[start, end)` ends in a CR (the CR of a CRLF terminator). */
export function endBeforeCr(buf: string, start: number, end: number): number {
  return end > start && buf.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** Line feeds in `buf[start, end)`: the extra physical lines of a multi-line record. */
export function countLineFeeds(buf: string, start: number, end: number): number {
  let n = 0;
  let i = buf.indexOf("\n", start);
  while (i >= 0 && i < end) {
    n++;
    i = buf.indexOf("\n", i + 1);
  }
  return n;
}
