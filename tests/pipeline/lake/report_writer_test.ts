import assert from "node:assert/strict";
import { parquetMetadata } from "hyparquet";
import { readReportJson, ReportWriter } from "../../../pipeline/lake/report_writer.ts";
import type { ReportSchema } from "../../../pipeline/lake/report_writer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { WorkerPartWriter } from "../../../pipeline/lake/worker_part_writer.ts";

const SCHEMA: ReportSchema = [
  { name: "month", type: "string" },
  { name: "minute", type: "timestamp" },
  { name: "orders", type: "int" },
  { name: "revenue", type: "float" },
];

function withRoot(fn: (root: string) => Promise<void> | void) {
  return async () => {
    const root = Deno.makeTempDirSync({ prefix: "report_writer_test_" });
    try {
      await fn(root);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  };
}

/** Parquet rows with int64 values as numbers, comparable to the JSON rows. */
async function parquetRows(root: string, name: string) {
  const rows = await readTable(root, `reports/${name}`);
  return rows.map((row) => ({
    ...row,
    orders: typeof row.orders === "bigint" ? Number(row.orders) : row.orders,
    minute: row.minute instanceof Date ? row.minute.toISOString() : row.minute,
  }));
}

Deno.test(
  "ReportWriter writes JSON with one row per line in schema order, and Parquet that agrees",
  withRoot(async (root) => {
    const report = new ReportWriter(`${root}/reports`, "monthly", SCHEMA);
    report.append([
      { revenue: 1234.5, orders: 3, month: "2019-10", minute: "2019-10-01T00:05:00.000Z", x: 1 },
      { month: "2019-11", minute: Date.UTC(2019, 10, 1), orders: 0, revenue: 0.1 },
    ]);
    report.append([{ month: "2019-12", minute: null, orders: null }]);
    report.close();

    assert.equal(
      Deno.readTextFileSync(`${root}/reports/monthly.json`),
      "[\n" +
        '{"month":"2019-10","minute":"2019-10-01T00:05:00.000Z","orders":3,"revenue":1234.5},\n' +
        '{"month":"2019-11","minute":"2019-11-01T00:00:00.000Z","orders":0,"revenue":0.1},\n' +
        '{"month":"2019-12","minute":null,"orders":null,"revenue":null}\n' +
        "]\n",
    );
    const json = await readReportJson(root, "monthly");
    assert.deepEqual(await parquetRows(root, "monthly"), json);
    const file = Deno.readFileSync(`${root}/reports/monthly/part-00000.parquet`);
    const types = parquetMetadata(file.buffer).schema.slice(1).map((element) => element.type);
    assert.deepEqual(types, ["BYTE_ARRAY", "INT64", "INT64", "DOUBLE"]);
  }),
);

Deno.test(
  "ReportWriter splits Parquet at 131072 rows and replaces a previous run's files",
  withRoot(async (root) => {
    const old = new ReportWriter(`${root}/reports`, "minutes", SCHEMA);
    old.append(Array.from({ length: 131_073 }, (_, i) => ({ month: "2019-10", orders: i })));
    old.close();
    assert.deepEqual([...Deno.readDirSync(`${root}/reports/minutes`)].map((e) => e.name).sort(), [
      "part-00000.parquet",
      "part-00001.parquet",
    ]);
    const rows = await parquetRows(root, "minutes");
    assert.equal(rows.length, 131_073);
    assert.equal(rows[131_072].orders, 131_072);

    const again = new ReportWriter(`${root}/reports`, "minutes", SCHEMA);
    again.append([{ month: "2019-11", orders: 1 }]);
    again.close();
    assert.deepEqual([...Deno.readDirSync(`${root}/reports`)].map((e) => e.name).sort(), [
      "minutes",
      "minutes.json",
    ]);
    const expected = [{ month: "2019-11", minute: null, orders: 1, revenue: null }];
    assert.deepEqual(await readReportJson(root, "minutes"), expected);
    assert.deepEqual(await parquetRows(root, "minutes"), expected);
  }),
);

Deno.test(
  "An empty report is an empty JSON array and a Parquet file with the schema and no rows",
  withRoot(async (root) => {
    new ReportWriter(`${root}/reports`, "nothing", SCHEMA).close();
    assert.equal(Deno.readTextFileSync(`${root}/reports/nothing.json`), "[\n]\n");
    assert.deepEqual(await readReportJson(root, "nothing"), []);
    const file = Deno.readFileSync(`${root}/reports/nothing/part-00000.parquet`);
    const metadata = parquetMetadata(file.buffer);
    assert.equal(metadata.num_rows, 0n);
    assert.deepEqual(metadata.schema.slice(1).map((e) => e.name), SCHEMA.map((c) => c.name));
  }),
);

Deno.test(
  "ReportWriter rejects a value that does not match its column type, naming both",
  withRoot((root) => {
    const report = new ReportWriter(`${root}/reports`, "bad", SCHEMA);
    assert.throws(
      () => report.append([{ month: "2019-10", orders: 1.5 }]),
      new TypeError('Report column "orders" needs a int, got 1.5'),
    );
    assert.throws(() => report.append([{ revenue: Number.NaN }]), /"revenue" needs a float/);
    assert.throws(() => report.append([{ minute: "not a time" }]), /"minute" needs a timestamp/);
    assert.throws(() => new ReportWriter(`${root}/reports`, "../escape", SCHEMA), TypeError);
    report.close();
  }),
);

Deno.test(
  "A report under an unwritable root fails with an error naming the path",
  withRoot((root) => {
    Deno.writeTextFileSync(`${root}/file`, "not a directory");
    assert.throws(
      () => new ReportWriter(`${root}/file/reports`, "monthly", SCHEMA),
      (error: Error) => error.message.includes(`${root}/file/reports/monthly`) && !!error.cause,
    );
  }),
);

Deno.test(
  "ReportWriter on an encoder worker writes the same files as on the calling thread",
  withRoot(async (root) => {
    const rows = Array.from({ length: 131_072 + 5 }, (_, i) => ({
      month: `m${i % 13}`,
      minute: i % 7 === 0 ? "2019-10-01T00:05:00.000Z" : Date.UTC(2019, 9, 1) + i * 60_000,
      orders: i % 11 === 0 ? undefined : i,
      revenue: i / 8,
    }));
    const worker = new WorkerPartWriter();
    for (const [dir, parts] of [["inline", undefined], ["worker", worker]] as const) {
      const report = new ReportWriter(`${root}/${dir}/reports`, "r", SCHEMA, parts);
      for (let i = 0; i < rows.length; i += 1000) report.append(rows.slice(i, i + 1000));
      report.close();
    }
    worker.finish();
    for (const file of ["r.json", "r/part-00000.parquet", "r/part-00001.parquet"]) {
      assert.deepEqual(
        Deno.readFileSync(`${root}/worker/reports/${file}`),
        Deno.readFileSync(`${root}/inline/reports/${file}`),
        file,
      );
    }
    assert.equal((await readReportJson(`${root}/worker`, "r")).length, rows.length);
  }),
);
