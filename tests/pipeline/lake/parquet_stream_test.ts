import assert from "node:assert/strict";
import type * as arrow from "apache-arrow";
import type { ColumnParts } from "../../../pipeline/lake/column_buffer.ts";
import { columnData, sliceParts } from "../../../pipeline/lake/column_data.ts";
import { COLUMN_KINDS, type ColumnSpec } from "../../../pipeline/lake/lake_schema.ts";
import { columnsToIpc, IpcBuffer, ipcToParquet } from "../../../pipeline/lake/parquet_encode.ts";
import {
  checkRows,
  ParquetStreamWriter,
  STREAM_ROWS,
} from "../../../pipeline/lake/parquet_stream.ts";
import { PartitionBuffer } from "../../../pipeline/lake/partition_buffer.ts";
import { Scratch } from "../../../pipeline/lake/scratch.ts";

/** Every column kind, nullable, with nulls (rows where `i % 7 === 0`) and a `unique` id column. */
function part(
  rows: number,
): { specs: ColumnSpec[]; parts: ColumnParts[]; data: arrow.Data[] } {
  const specs: ColumnSpec[] = [
    { name: "id", field: "id", kind: "utf8", nullable: false, unique: true },
    { name: "brand", field: "brand", kind: "dict", nullable: true }, // nullable, yet no null
    { name: "price", field: "price", kind: "decimal", nullable: true }, // likewise
    ...COLUMN_KINDS.map((kind) => ({ name: kind, field: kind, kind, nullable: true })),
  ];
  const buffer = new PartitionBuffer(specs, "date=2024-10-01");
  const records = Array.from({ length: rows }, (_, i) =>
    Object.fromEntries(
      specs.map((
        spec,
      ) => [
        spec.field,
        (COLUMN_KINDS as readonly string[]).includes(spec.name) && i % 7 === 0
          ? null
          : value(spec, i),
      ]),
    ));
  buffer.append(records, 0, rows);
  const parts = buffer.drain();
  return { specs, parts, data: specs.map((spec, i) => columnData(spec, parts[i], rows)) };
}

/** The file of `rows` rows written through a {@linkcode ParquetStreamWriter}, batch by batch. */
async function columnsToParquet(
  specs: readonly ColumnSpec[],
  rows: number,
  columns: (from: number, length: number) => readonly arrow.Data[],
  into: IpcBuffer,
): Promise<Uint8Array> {
  const writer = new ParquetStreamWriter(specs);
  try {
    for (let at = 0; at < rows; at += STREAM_ROWS) {
      const length = Math.min(STREAM_ROWS, rows - at);
      await writer.write(columnsToIpc(specs, columns(at, length), length, into));
    }
  } catch (error) {
    writer.abandon(error);
    throw error;
  }
  return await writer.close(rows);
}

/** Batches as Arrow slices of the whole file's data, or as the worker makes them. */
const BATCHES = {
  "slices of the data": ({ data }: ReturnType<typeof part>) => (from: number, length: number) =>
    data.map((column) => column.slice(from, length)),
  "columns of the rows, in a scratch": ({ specs, parts }: ReturnType<typeof part>) => {
    const scratch = new Scratch(64);
    return (from: number, length: number) => {
      scratch.reset();
      return specs.map((spec, i) =>
        columnData(spec, sliceParts(spec, parts[i], from, from + length, scratch), length, scratch)
      );
    };
  },
};

for (const rows of [STREAM_ROWS + 1, 2 * STREAM_ROWS, 2 * STREAM_ROWS + 1, 65_537]) {
  for (const [how, make] of Object.entries(BATCHES)) {
    Deno.test(`ParquetStreamWriter writes the same file as ipcToParquet (${rows} rows, every kind, ${how})`, async () => {
      const file = part(rows);
      const { specs, data } = file;
      const whole = ipcToParquet(specs, columnsToIpc(specs, data, rows), rows);
      const batch = make(file);
      const streamed = await columnsToParquet(specs, rows, batch, new IpcBuffer());
      const first = streamed.findIndex((byte, i) => byte !== whole[i]);
      assert.ok(
        streamed.length === whole.length && first === -1,
        `files differ at byte ${first} (${streamed.length} vs ${whole.length} bytes)`,
      );
    });
  }
}

function value(spec: ColumnSpec, i: number): string | number {
  switch (spec.kind) {
    case "utf8":
      return spec.unique ? `event-${i}` : `user-${(i * 7919) % 5000}`;
    case "dict":
      return ["view", "cart", "purchase"][(i * 31) % 3];
    case "timestamp":
      return Date.UTC(2024, 9, 1) + i * 2_000 + (i % 5) * 7;
    case "micros":
      return i * 1_250_000 - 7;
    case "int32":
      return (i * 13) % 400;
    case "int64":
      return i * 2 ** 40 - 3;
    case "decimal":
      return ((i * 17) % 900) / 4;
    default:
      return ((i * 11) % 700) / 8;
  }
}

Deno.test("checkRows accepts a whole file of the rows asked for, and names what is wrong otherwise", () => {
  const { specs, data } = part(10);
  const file = ipcToParquet(specs, columnsToIpc(specs, data, 10), 10);
  checkRows(file, 10);
  assert.throws(() => checkRows(file, 11), /wrote 10 of 11 rows/);
  assert.throws(() => checkRows(file.subarray(0, file.length - 1), 10), /not a whole Parquet file/);
  assert.throws(() => checkRows(new Uint8Array(0), 0), /not a whole Parquet file/);
});

Deno.test("A file whose batch cannot be made fails with that error, the first batch or a later one", async () => {
  const rows = 2 * STREAM_ROWS + 1;
  const { specs, data } = part(rows);
  for (const bad of [0, STREAM_ROWS, 2 * STREAM_ROWS]) {
    const batch = (from: number, length: number) => {
      if (from === bad) throw new RangeError(`no batch at row ${from}`);
      return data.map((column) => column.slice(from, length));
    };
    await assert.rejects(
      columnsToParquet(specs, rows, batch, new IpcBuffer()),
      new RangeError(`no batch at row ${bad}`),
    );
  }
});

Deno.test("A file whose encoder failed part-way through a batch fails on close, not hangs", async () => {
  // parquet-rs writes the first column of the second batch, then fails on the second (another
  // type): the columns' row counts differ, its close fails, and parquet-wasm drops that error
  // and never ends its output. close() must still settle, with an error.
  const rows = STREAM_ROWS;
  const ints: ColumnSpec[] = [
    { name: "n", field: "n", kind: "int32", nullable: false },
    { name: "x", field: "x", kind: "int32", nullable: false },
  ];
  const mixed: ColumnSpec[] = [ints[0], { ...ints[1], kind: "float64" }];
  const column = (spec: ColumnSpec) =>
    columnData(
      spec,
      { arrays: [spec.kind === "int32" ? new Int32Array(rows) : new Float64Array(rows), null] },
      rows,
    );
  const writer = new ParquetStreamWriter(ints, 1_000);
  await writer.write(columnsToIpc(ints, ints.map(column), rows));
  await writer.write(columnsToIpc(mixed, mixed.map(column), rows));
  await assert.rejects(
    writer.close(2 * rows),
    new Error(
      "The Parquet encoder did not end the file within 1000 ms of its last batch (a batch " +
        "failed part-way through)",
    ),
  );
});

Deno.test("A writer abandoned before it asked for its first batch stops, and close says so", async () => {
  const specs: ColumnSpec[] = [{ name: "n", field: "n", kind: "int32", nullable: false }];
  const writer = new ParquetStreamWriter(specs, 1_000);
  writer.abandon(new Error("the job failed first"));
  // The writer ends at its first ask (parquet-wasm names the failed input its own way), not by
  // close's timeout.
  await assert.rejects(
    writer.close(0),
    (error: Error) => !/did not end the file/.test(error.message),
  );
});
