import assert from "node:assert/strict";
import fc from "fast-check";
import { columnData } from "../../../pipeline/lake/column_data.ts";
import { COLUMN_KINDS, type ColumnSpec } from "../../../pipeline/lake/lake_schema.ts";
import { columnsToIpc } from "../../../pipeline/lake/parquet_encode.ts";
import { PartitionBuffer } from "../../../pipeline/lake/partition_buffer.ts";
import { Scratch } from "../../../pipeline/lake/scratch.ts";

type Kind = "bytes" | "int32" | "bigInt64";

/** One file's arrays: each filled with its own mark once made, checked after all are made. */
function makeFile(scratch: Scratch, arrays: [Kind, number][]): void {
  const made = arrays.map(([kind, length], mark) => {
    const array = scratch[kind](length);
    assert.equal(array.length, length);
    assert.equal(array.byteOffset % 8, 0, "aligned for any element size");
    for (let i = 0; i < length; i++) {
      assert.equal(Number(array[i]), 0, `${kind}(${length}) is zero-filled`);
    }
    if (array instanceof BigInt64Array) array.fill(BigInt(mark + 1));
    else array.fill(mark + 1);
    return array;
  });
  made.forEach((array, mark) => {
    for (let i = 0; i < array.length; i++) {
      assert.equal(Number(array[i]), mark + 1, "no array overlaps another of the same file");
    }
  });
}

Deno.test("Scratch hands out zeroed, aligned arrays that do not overlap until the next reset", () => {
  const kind = fc.constantFrom<Kind>("bytes", "int32", "bigInt64");
  const file = fc.array(fc.tuple(kind, fc.integer({ min: 0, max: 300 })), { maxLength: 12 });
  fc.assert(
    fc.property(
      fc.integer({ min: 8, max: 512 }),
      fc.array(file, { maxLength: 6 }),
      (first, files) => {
        const scratch = new Scratch(first);
        for (const arrays of files) {
          scratch.reset();
          makeFile(scratch, arrays);
        }
      },
    ),
  );
});

Deno.test("Scratch grows past the largest file and then reuses its memory", () => {
  const scratch = new Scratch(1024);
  const before = scratch.int32(100);
  const large = scratch.bigInt64(1000); // 8,000 bytes: a new buffer
  assert.notEqual(large.buffer, before.buffer);
  assert.equal(scratch.capacity, 8192);
  scratch.reset();
  const again = scratch.bigInt64(1000);
  assert.equal(again.buffer, large.buffer, "the grown buffer is kept");
  assert.equal(scratch.capacity, 8192);
});

Deno.test("Arrow data built in a Scratch serializes as with new arrays, for every column kind", () => {
  // Every kind, nullable with nulls, at offsets past the start of a used scratch buffer.
  const specs: ColumnSpec[] = COLUMN_KINDS.map((kind) => ({
    name: kind,
    field: kind,
    kind,
    nullable: true,
  }));
  const rows = 1000;
  const buffer = new PartitionBuffer(specs, "date=2024-10-01");
  const records = Array.from(
    { length: rows },
    (_, i) =>
      Object.fromEntries(specs.map((spec) => [spec.field, i % 7 === 0 ? null : value(spec, i)])),
  );
  buffer.append(records, 0, rows);
  const parts = buffer.drain();
  const scratch = new Scratch(64);
  scratch.bytes(3); // nothing starts at offset 0
  const fresh = specs.map((spec, i) => columnData(spec, parts[i], rows));
  const reused = specs.map((spec, i) => columnData(spec, parts[i], rows, scratch));
  const [got, want] = [columnsToIpc(specs, reused, rows), columnsToIpc(specs, fresh, rows)];
  // Not deepEqual: its diff of two large arrays takes minutes when they differ.
  const first = got.findIndex((byte, i) => byte !== want[i]);
  assert.ok(got.length === want.length && first === -1, `IPC streams differ at byte ${first}`);
});

function value(spec: ColumnSpec, i: number): string | number {
  switch (spec.kind) {
    case "utf8":
      return `id-${i}`;
    case "dict":
      return ["a", "bb", "ccc"][i % 3];
    case "timestamp":
      return Date.UTC(2024, 9, 1) + i * 61_000;
    case "micros":
      return i * 1_250_000 - 7;
    case "int32":
      return i - 500;
    case "int64":
      return i * 2 ** 40 - 3;
    case "decimal":
      return i / 4 - 100;
    default:
      return i / 8 - 60;
  }
}
