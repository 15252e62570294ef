/**
 * String and dictionary lake columns hold each value's UTF-8 bytes as `TextEncoder` makes them,
 * through failed appends and growth (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import type * as arrow from "apache-arrow";
import { StringColumn } from "../../pipeline/lake/string_column.ts";
import { DictionaryColumn } from "../../pipeline/lake/dictionary_column.ts";
import { columnData, sliceParts } from "../../pipeline/lake/column_data.ts";
import { Scratch } from "../../pipeline/lake/scratch.ts";
import type { ColumnSpec } from "../../pipeline/lake/lake_schema.ts";

const encoder = new TextEncoder();

/** Offsets, bytes and validity a plain encoder gives for `values`. */
function expected(values: (string | null)[]) {
  const offsets = [0];
  const bytes: number[] = [];
  for (const v of values) {
    if (v !== null) bytes.push(...encoder.encode(v));
    offsets.push(bytes.length);
  }
  return { offsets, bytes, valid: values.map((v) => v === null ? 0 : 1) };
}

function actual(data: arrow.Data, length: number) {
  const offsets = [...(data.valueOffsets as Int32Array).subarray(0, length + 1)];
  const base = offsets[0];
  const bytes = [...(data.values as Uint8Array).subarray(base, offsets[length])];
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  const valid = Array.from(
    { length },
    (_, i) =>
      data.nullCount === 0 || bitmap === undefined || bitmap.length === 0
        ? 1
        : (bitmap[i >> 3] >> (i & 7)) & 1,
  );
  return { offsets: offsets.map((o) => o - base), bytes, valid };
}

const unit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("a", "b", "z", "0", " ", "\u007f", "\u0000") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "\ud800",
      "\udc00",
      "\ud83d",
      "\ude00",
      "😀",
      "é",
      "日",
      "\u0080",
      "\u07ff",
      "\u0800",
      "\uffff",
      "\ufffd",
      "\ud800\udc00",
    ),
  },
);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom("x", "é"), minLength: 300, maxLength: 3000 }),
  },
  { weight: 1, arbitrary: fc.constant("") },
);
const value = fc.oneof(
  { weight: 20, arbitrary: text },
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 42, { s: "é" }, ["x"]) },
);

function check(kind: "utf8" | "dict", nullable: boolean, batches: unknown[][]) {
  const spec: ColumnSpec = { name: "v_col", field: "v", kind, nullable };
  const column = kind === "utf8" ? new StringColumn(spec) : new DictionaryColumn(spec);
  const held: (string | null)[] = [];
  for (const batch of batches) {
    // Records of a prefix, so `from` is not always 0.
    const pad = batch.length % 3;
    const records = [
      ...Array.from({ length: pad }, () => ({ v: "pad" })),
      ...batch.map((v) => ({ v })),
    ];
    const good = batch.every((v) => typeof v === "string" || (v === null && nullable));
    if (good) {
      column.append(records, pad, records.length, held.length);
      held.push(...(batch as (string | null)[]));
    } else {
      // Must throw, and the rows it leaves are overwritten by the next append.
      assert.throws(() => column.append(records, pad, records.length, held.length), TypeError);
    }
  }
  const want = expected(held);
  assert.deepEqual(actual(column.toData(held.length), held.length), want);
  // parts → columnData on a reused scratch area, as the encoder worker does.
  const scratch = new Scratch(64);
  scratch.bytes(13).fill(0xff);
  assert.deepEqual(
    actual(columnData(spec, column.parts(held.length), held.length, scratch), held.length),
    want,
  );
  // A slice of the rows, through sliceParts.
  if (held.length > 0) {
    const from = Math.floor(held.length / 3), to = held.length - Math.floor(held.length / 4);
    const rows = sliceParts(spec, column.parts(held.length), from, to, scratch);
    assert.deepEqual(
      actual(columnData(spec, rows, to - from, scratch), to - from),
      expected(held.slice(from, to)),
    );
  }
  column.clear();
}

for (const kind of ["utf8", "dict"] as const) {
  for (const nullable of [true, false]) {
    Deno.test(`${kind} column (nullable ${nullable}) bytes and offsets equal TextEncoder`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 12 }), (batches) => {
          check(kind, nullable, batches);
        }),
        { numRuns: 2_000 },
      );
    });
  }
}

Deno.test("utf8 column grows its buffers over many appends", () => {
  const values: (string | null)[] = [];
  for (let i = 0; i < 6000; i++) {
    values.push(
      i % 97 === 0 ? null : i % 5 === 0 ? "é😀\ud800".repeat(i % 50) : "x".repeat(i % 300),
    );
  }
  const batches: unknown[][] = [];
  for (let i = 0; i < values.length; i += 777) batches.push(values.slice(i, i + 777));
  check("utf8", true, batches);
  check("dict", true, batches);
});
