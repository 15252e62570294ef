import assert from "node:assert/strict";
import type { PartJob } from "../../../pipeline/lake/part_job.ts";
import type { PartWriter } from "../../../pipeline/lake/part_writer.ts";
import { STREAM_ROWS } from "../../../pipeline/lake/parquet_stream.ts";
import { TableSink } from "../../../pipeline/lake/table_sink.ts";
import { activity } from "../../operators/window_fixtures.ts";

const OCT_1 = Date.UTC(2019, 9, 1);

/** A part writer that keeps what it is given: file, piece and rows of every job. */
class RecordingWriter implements PartWriter {
  readonly jobs: string[] = [];
  constructor(readonly pieces: boolean) {}
  submit(job: PartJob): void {
    const piece = job.piece === undefined
      ? "whole"
      : `${job.piece.first ? "first" : "next"}${job.piece.last ? ", last" : ""}`;
    this.jobs.push(`${job.dir.slice(-10)}/${job.name} ${piece} ${job.rows}`);
  }
  flush(): void {}
  finish(): void {}
}

function events(count: number, day = 0) {
  return Array.from({ length: count }, (_, i) => activity(OCT_1 + day * 86_400_000 + i));
}

function sink(parts: PartWriter, maxRowsPerFile: number) {
  return new TableSink("activity", {
    tableDir: () => "/lake",
    maxRowsPerFile,
    maxOpenPartitions: 4,
    parts,
  });
}

Deno.test("A writer that takes pieces gets a file STREAM_ROWS rows at a time; others get it whole", () => {
  const rows = 2 * STREAM_ROWS + 5;
  const pieces = new RecordingWriter(true);
  const whole = new RecordingWriter(false);
  for (const writer of [pieces, whole]) {
    const tables = sink(writer, 131_072);
    tables.append(events(rows));
    assert.deepEqual(tables.close(), { rows, files: 1 });
  }
  assert.deepEqual(pieces.jobs, [
    `2019-10-01/part-00000.parquet first ${STREAM_ROWS}`,
    `2019-10-01/part-00000.parquet next ${STREAM_ROWS}`,
    "2019-10-01/part-00000.parquet next, last 5",
  ]);
  assert.deepEqual(whole.jobs, [`2019-10-01/part-00000.parquet whole ${rows}`]);
});

Deno.test("Pieces respect maxRowsPerFile, and a file whose last piece is empty still ends", () => {
  const writer = new RecordingWriter(true);
  const tables = sink(writer, STREAM_ROWS + 7);
  tables.append(events(2 * STREAM_ROWS + 14));
  tables.append(events(3, 1)); // the next day
  tables.flush();
  tables.append(events(STREAM_ROWS, 1));
  assert.deepEqual(tables.close(), { rows: 3 * STREAM_ROWS + 17, files: 4 });
  assert.deepEqual(writer.jobs, [
    `2019-10-01/part-00000.parquet first ${STREAM_ROWS}`,
    "2019-10-01/part-00000.parquet next, last 7",
    `2019-10-01/part-00001.parquet first ${STREAM_ROWS}`,
    "2019-10-01/part-00001.parquet next, last 7",
    "2019-10-02/part-00000.parquet whole 3",
    `2019-10-02/part-00001.parquet first ${STREAM_ROWS}`,
    "2019-10-02/part-00001.parquet next, last 0",
  ]);
});
