import assert from "node:assert/strict";
import { ReportWriter } from "../../../pipeline/lake/report_writer.ts";
import type { ReportSchema } from "../../../pipeline/lake/report_writer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { WorkerPartWriter } from "../../../pipeline/lake/worker_part_writer.ts";

const SCHEMA: ReportSchema = [
  { name: "minute", type: "minute" },
  { name: "name", type: "string" },
  { name: "n", type: "int" },
  { name: "x", type: "float" },
  { name: "amount", type: "money" },
  { name: "at", type: "timestamp" },
];

/** Rows with values whose text is easy to get wrong, cycling through each column's cases. */
function trickyRows(count: number): Record<string, unknown>[] {
  const minutes = [0, Date.UTC(2019, 9, 1, 23, 59), -60_000, Date.UTC(12000, 0, 1), null];
  const names = ["plain", "é ü 日本", 'quote " back \\ tab \t nl \n', "\ud800 lone", "", null];
  const ints = [0, -1, 7, 2 ** 31, -(2 ** 53 - 1), 2 ** 53 - 1, -0, undefined];
  const floats = [0.1 + 0.2, -0.0000012345678901234567, 1e21, 1.5e-7, -0, 123456.789, null];
  const amounts = [0.3, 19.99, -5, 0, 1234567.89, 987654321098.76, -4817263509.01, null];
  const times = [1, "2019-10-01T00:05:00.000Z", -62198755200000, Date.UTC(2019, 0, 1), null];
  return Array.from({ length: count }, (_, i) => ({
    minute: minutes[i % minutes.length],
    name: names[i % names.length],
    n: ints[i % ints.length],
    x: floats[i % floats.length],
    amount: amounts[i % amounts.length],
    at: times[i % times.length],
  }));
}

/** The JSON file the rows must give: each value as `JSON.stringify` writes it. */
function expectedJson(rows: Record<string, unknown>[]): string {
  const lines = rows.map((row) =>
    "{" + SCHEMA.map(({ name, type }) => {
      let value = row[name] ?? null;
      if (value !== null && (type === "minute" || type === "timestamp")) {
        value = new Date(typeof value === "string" ? Date.parse(value) : value as number)
          .toISOString();
      }
      return `${JSON.stringify(name)}:${JSON.stringify(value)}`;
    }).join(",") + "}"
  );
  return lines.length === 0 ? "[\n]\n" : `[\n${lines.join(",\n")}\n]\n`;
}

Deno.test("Report JSON lines hold each value as JSON.stringify writes it", async () => {
  const root = Deno.makeTempDirSync({ prefix: "report_part_test_" });
  try {
    const rows = trickyRows(200);
    const report = new ReportWriter(root, "tricky", SCHEMA);
    report.append(rows.slice(0, 3));
    report.append(rows.slice(3));
    report.close();
    assert.equal(Deno.readTextFileSync(`${root}/tricky.json`), expectedJson(rows));

    const parquet = await readTable(root, "tricky");
    assert.equal(parquet.length, rows.length);
    const json = JSON.parse(Deno.readTextFileSync(`${root}/tricky.json`));
    for (let i = 0; i < rows.length; i++) {
      assert.equal(parquet[i].minute, json[i].minute, `minute of row ${i}`);
      // Parquet holds UTF-8, where a lone surrogate becomes U+FFFD.
      assert.equal(parquet[i].name, json[i].name?.replace("\ud800", "\ufffd") ?? null);
      // JSON writes -0 as 0.
      assert.equal(parquet[i].x === null ? null : (parquet[i].x as number) + 0, json[i].x);
      assert.equal(parquet[i].n === null ? null : Number(parquet[i].n), json[i].n);
      assert.equal(
        parquet[i].at === null ? null : (parquet[i].at as Date).toISOString(),
        json[i].at,
      );
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test(
  "A report of exactly one full part closes its JSON array after that part, on a worker too",
  async () => {
    const root = Deno.makeTempDirSync({ prefix: "report_part_test_" });
    try {
      const rows = trickyRows(131_072);
      const worker = new WorkerPartWriter();
      const report = new ReportWriter(root, "full", SCHEMA, worker);
      report.append(rows);
      report.close();
      assert.equal(Deno.statSync(`${root}/.full.json.tmp`).isFile, true); // not placed yet
      worker.finish();
      assert.equal(Deno.readTextFileSync(`${root}/full.json`), expectedJson(rows));
      assert.deepEqual([...Deno.readDirSync(`${root}/full`)].map((e) => e.name), [
        "part-00000.parquet",
      ]);
      assert.equal((await readTable(root, "full")).length, rows.length);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  },
);
