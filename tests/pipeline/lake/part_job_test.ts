import assert from "node:assert/strict";
import { parquetMetadata } from "hyparquet";
import { LAKE_SCHEMAS } from "../../../pipeline/lake/lake_schema.ts";
import { type PartJob, writePartInBatches } from "../../../pipeline/lake/part_job.ts";
import { STREAM_ROWS } from "../../../pipeline/lake/parquet_stream.ts";
import { PartitionBuffer } from "../../../pipeline/lake/partition_buffer.ts";
import { activity } from "../../operators/window_fixtures.ts";

/** A job of `rows` activity rows for `<dir>/part-00000.parquet`. */
function job(dir: string, rows: number, piece?: PartJob["piece"]): PartJob {
  const specs = LAKE_SCHEMAS.activity;
  const buffer = new PartitionBuffer(specs, "date=2019-10-01");
  const records = Array.from({ length: rows }, (_, i) => activity(Date.UTC(2019, 9, 1) + i));
  buffer.append(records, 0, rows);
  return {
    dir,
    name: "part-00000.parquet",
    reset: true,
    specs,
    columns: buffer.drain(),
    rows,
    piece,
  };
}

Deno.test("Pieces out of order fail with an error naming the file, and leave the open file alone", async () => {
  const root = Deno.makeTempDirSync({ prefix: "part_job_test_" });
  try {
    await assert.rejects(
      writePartInBatches(job(`${root}/a`, 3, { first: false, last: true })),
      new Error(
        `Part file ${root}/a/part-00000.parquet: a piece came without the file's first piece`,
      ),
    );
    await assert.rejects(
      writePartInBatches(job(`${root}/b`, 5, { first: true, last: false })),
      new Error(
        `Piece of ${root}/b/part-00000.parquet holds 5 rows, not a multiple of ${STREAM_ROWS}`,
      ),
    );
    await writePartInBatches(job(`${root}/c`, STREAM_ROWS, { first: true, last: false }));
    await assert.rejects(
      writePartInBatches(job(`${root}/c`, STREAM_ROWS, { first: true, last: false })),
      /Part file .*\/c\/part-00000.parquet is already being written/,
    );
    await writePartInBatches(job(`${root}/c`, 2, { first: false, last: true }));
    assert.deepEqual([...Deno.readDirSync(root)].map((entry) => entry.name), ["c"]);
    const file = Deno.readFileSync(`${root}/c/part-00000.parquet`);
    assert.equal(Number(parquetMetadata(file.buffer).num_rows), STREAM_ROWS + 2);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("A piece with other columns than its file's first piece fails naming the file; nothing is placed", async () => {
  const root = Deno.makeTempDirSync({ prefix: "part_job_test_" });
  try {
    await writePartInBatches(job(`${root}/a`, STREAM_ROWS, { first: true, last: false }));
    const other = job(`${root}/a`, 2, { first: false, last: true });
    // The same columns but one: price as float64 instead of its decimal.
    other.specs = other.specs.map((spec) =>
      spec.name === "price" ? { ...spec, kind: "float64" } : spec
    );
    await assert.rejects(
      writePartInBatches(other),
      new Error(
        `Piece of ${root}/a/part-00000.parquet has other columns than the file's first piece`,
      ),
    );
    assert.deepEqual([...Deno.readDirSync(root)], []);
    // The file is no longer open: a new first piece starts it again.
    await writePartInBatches(job(`${root}/a`, 3, { first: true, last: true }));
    const file = Deno.readFileSync(`${root}/a/part-00000.parquet`);
    assert.equal(Number(parquetMetadata(file.buffer).num_rows), 3);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
