/**
 * The CSV splitter's records (raw text, position, fields) equal the lines they were written from,
 * for any chunk and batch size (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import type { RawBatch } from "../../operators/types.ts";
import { BatchBuilder } from "../../pipeline/sources/batch_builder.ts";
import { CsvSplitter } from "../../pipeline/sources/csv_splitter.ts";

type Row = { position: string; raw: string; fields?: Record<string, unknown>; reason?: string };
const encoder = new TextEncoder();

/**
 * Pushes `text` in chunks of `chunk` code points (as a TextDecoder stream would cut it: never
 * inside a surrogate pair) with each chunk's UTF-8 byte offset, taking batches of `batchSize`
 * whenever the splitter stops for them. Rows in the order produced.
 */
function split(text: string, chunk: number, batchSize: number): Row[] {
  const out = new BatchBuilder("activity", batchSize, 0);
  const batches: RawBatch[] = [];
  const take = () => batches.push(...out.ready.splice(0));
  const splitter = new CsvSplitter("activity", "a.csv", { header: true });
  const points = Array.from(text);
  let byte = 0;
  for (let i = 0; i < points.length; i += chunk) {
    const piece = points.slice(i, i + chunk).join("");
    let more = splitter.push(piece, out, byte);
    byte += encoder.encode(piece).length;
    take();
    while (more) {
      more = splitter.push("", out);
      take();
    }
  }
  while (splitter.end(out)) take();
  out.flush();
  take();
  const rows: Row[] = [];
  for (const b of batches) {
    const quarantine = [...b.quarantine];
    // Records and quarantine rows of a batch are kept apart: order them by line.
    const list: Row[] = [
      ...b.records.map((r) => ({ position: r.position, raw: r.raw, fields: { ...r.fields } })),
      ...quarantine.map((q) => ({ position: q.position, raw: q.raw, reason: q.reason })),
    ];
    list.sort((x, y) => line(x.position) - line(y.position));
    rows.push(...list);
  }
  return rows;
}

function line(position: string): number {
  return Number(/line (\d+)/.exec(position)![1]);
}

// ---- well-formed files: the expected rows are known from how the text was made ----

const fieldUnit = fc.constantFrom(
  "a",
  "b",
  " ",
  "1",
  ",",
  '"',
  "\n",
  "\r\n",
  "\r",
  "é",
  "😀",
  "\t",
  ";",
);
const field = fc.string({ unit: fieldUnit, maxLength: 6 });
const record = fc.tuple(
  field,
  field,
  field,
  fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
);
const file = fc.record({
  bom: fc.boolean(),
  headerEnd: fc.constantFrom("\n", "\r\n"),
  rows: fc.array(
    fc.tuple(
      record,
      fc.constantFrom("\n", "\r\n"),
      fc.array(fc.constantFrom("", "\r"), { maxLength: 2 }),
    ),
    { maxLength: 12 },
  ),
  lastEnd: fc.constantFrom("", "\n", "\r\n"),
});

function needsQuotes(v: string): boolean {
  return /[",\r\n]/.test(v);
}

function build(f: {
  bom: boolean;
  headerEnd: string;
  rows: [[string, string, string, boolean[]], string, string[]][];
  lastEnd: string;
}) {
  let text = (f.bom ? "\ufeff" : "") + "alpha,beta,gamma" + f.headerEnd;
  let physical = 2;
  const rows: Row[] = [];
  f.rows.forEach(([[a, b, c, quote], end, blanks], i) => {
    const values = [a, b, c];
    const raw = values.map((v, k) =>
      quote[k] || needsQuotes(v) ? `"${v.replaceAll('"', '""')}"` : v
    )
      .join(",");
    if (raw === "") return; // cannot happen: an empty value is quoted
    rows.push({ position: `a.csv:line ${physical}`, raw, fields: { alpha: a, beta: b, gamma: c } });
    const isLast = i === f.rows.length - 1;
    const terminator = isLast ? f.lastEnd : end;
    text += raw + terminator;
    physical += raw.split("\n").length - 1 + 1;
    if (!isLast) {
      for (const blank of blanks) {
        text += blank + "\n";
        physical++;
      }
    }
  });
  return { text, rows };
}

Deno.test("CSV records (raw, position, fields) equal the lines they were made from, any chunking", () => {
  fc.assert(
    fc.property(
      file,
      fc.integer({ min: 1, max: 7 }),
      fc.constantFrom(1, 2, 3, 1000),
      (f, chunk, batch) => {
        const { text, rows } = build(f);
        assert.deepEqual(
          split(text, chunk, batch),
          rows,
          `chunk ${chunk}, batch ${batch}: ${JSON.stringify(text)}`,
        );
      },
    ),
    { numRuns: 10_000 },
  );
});

// ---- any text: every chunking gives the same rows; raw is the text of the position's line ----

const junkUnit = fc.constantFrom(
  "a",
  "1",
  ",",
  ",",
  '"',
  '"',
  "\n",
  "\n",
  "\r\n",
  "\r",
  " ",
  "é",
  "😀",
  ";",
);
const junk = fc.tuple(
  fc.boolean(),
  fc.constantFrom("alpha,beta,gamma\n", "alpha,beta,gamma\r\n", '"alpha","beta",gamma\n'),
  fc.string({ unit: junkUnit, maxLength: 60 }),
).map(([bom, header, body]) => (bom ? "\ufeff" : "") + header + body);

/** A well-formed file with a few characters inserted or deleted: near-miss records. */
const mutated = fc.tuple(
  file,
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', '"', ",", "\n", "\r", "", "x")), {
    maxLength: 3,
  }),
).map(([f, edits]) => {
  let text = build(f).text;
  for (const [at, insert] of edits) {
    const i = text.length === 0 ? 0 : at % text.length;
    if (i === 0 && text.charCodeAt(0) === 0xfeff) continue;
    text = insert === ""
      ? text.slice(0, i) + text.slice(i + 1)
      : text.slice(0, i) + insert + text.slice(i);
  }
  return text;
});

function physicalLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split("\n");
}

Deno.test("CSV rows of any text do not depend on chunk or batch size; raw is the line's text", () => {
  fc.assert(
    fc.property(fc.oneof(junk, mutated, mutated), (text) => {
      const whole = split(text, Number.MAX_SAFE_INTEGER, 1000);
      const lines = physicalLines(text);
      for (const row of whole) {
        if (row.reason !== undefined) continue;
        const n = line(row.position);
        // raw starts at line n and ends before that record's line terminator.
        const from = lines.slice(n - 1).join("\n");
        assert.ok(
          from.startsWith(row.raw),
          `raw ${JSON.stringify(row.raw)} is not at line ${n} of ${JSON.stringify(text)}`,
        );
        const after = from.slice(row.raw.length);
        assert.ok(
          after === "" || after.startsWith("\n") || after.startsWith("\r\n") || after === "\r",
          `raw ${JSON.stringify(row.raw)} at line ${n} of ${JSON.stringify(text)} ends mid-line`,
        );
      }
      for (let chunk = 1; chunk <= 7; chunk++) {
        for (const batch of [1, 2, 1000]) {
          assert.deepEqual(
            split(text, chunk, batch),
            whole,
            `chunk ${chunk} batch ${batch}: ${JSON.stringify(text)}`,
          );
        }
      }
    }),
    { numRuns: 3_000 },
  );
});

// Not a contract violation (the option bounds memory), noted for the report: with a small
// maxRecordChars the same well-formed text gives a record when pushed whole and a quarantine
// row plus split-off rows when pushed in small chunks.
Deno.test("maxRecordChars makes a long quoted record depend on chunking", () => {
  const text = 'alpha,beta,gamma\n1,"' + "x\n".repeat(15) + '",3\n';
  const rows = (chunk: number) => {
    const out = new BatchBuilder("activity", 1000, 0);
    const splitter = new CsvSplitter("activity", "a.csv", { header: true, maxRecordChars: 20 });
    for (let i = 0; i < text.length; i += chunk) splitter.push(text.slice(i, i + chunk), out);
    splitter.end(out);
    out.flush();
    return out.ready.flatMap((
      b,
    ) => [
      ...b.records.map((r) => r.position),
      ...b.quarantine.map((q) => q.position + " " + q.reason),
    ]);
  };
  assert.deepEqual(rows(text.length), ["a.csv:line 2"]);
  assert.notDeepEqual(rows(4), ["a.csv:line 2"]);
});
