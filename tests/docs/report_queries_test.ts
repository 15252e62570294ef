import assert from "node:assert/strict";
import { readReportJson } from "../../pipeline/lake/report_writer.ts";
import { duckdbQuery } from "../pipeline/formats/duckdb_query.ts";
import { replayFormat } from "../pipeline/formats/replay_format.ts";
import { fileTempDir } from "../temp_dir.ts";

// The SQL that docs/ARCHITECTURE.md sets beside the operators (question 4): the examples of
// `deno task sql`, run through the command over the lake of a replay of the committed sample, and
// their translation into temporary views (docs/tools/report_queries.sql, run by python's DuckDB),
// must both give the rows the operators wrote.
const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;
const SQL = new URL("../../docs/tools/report_queries.sql", import.meta.url);
const dir = fileTempDir({ prefix: "report_queries_" });
const lake = `${dir}/lake`;
await replayFormat({}, [SAMPLE], lake);
const sql = await duckdbQuery(await Deno.readTextFile(SQL), { lake }, {
  top_products: "SELECT * FROM top_products",
  monthly_revenue: "SELECT * FROM monthly_revenue",
  inventory_turnover: "SELECT * FROM inventory_turnover",
});

/** A number, or decimal text (DuckDB's DECIMAL as python prints it), as a number; else the text. */
function numberOrText(value: unknown): unknown {
  return value !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Rows as lines of `column=value`, numbers as numbers, so both sides print alike. */
function lines(rows: Record<string, unknown>[], columns: string[]): string[] {
  return rows.map((row) =>
    columns.map((c) => `${c}=${row[c] === null ? "null" : numberOrText(row[c])}`).join(" ")
  );
}

for (
  const [name, columns] of [
    ["top_products", ["month", "rank", "product_id", "units", "revenue"]],
    ["monthly_revenue", ["month", "gross", "refunds", "returns", "net", "orders"]],
    ["inventory_turnover", [
      "month",
      "category",
      "units_sold",
      "opening_stock",
      "closing_stock",
      "avg_stock",
      "turnover",
    ]],
  ] as const
) {
  Deno.test(`the SQL equivalent of ${name} gives the operators' rows on the sample`, async () => {
    const ours = await readReportJson(lake, name);
    assert.ok(ours.length > 0, `${name} has rows`);
    assert.deepEqual(lines(sql[name], [...columns]), lines(ours, [...columns]));
  });
}

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** Rows printed by `deno task sql --example NAME --format json`. */
async function example(name: string): Promise<Record<string, unknown>[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "sql", "--lake", lake, "--example", name, "--format", "json"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

for (
  const [name, report, columns] of [
    ["top10", "top_products", ["rank", "product_id", "units", "revenue"]],
    ["revenue", "monthly_revenue", ["month", "gross", "refunds", "returns", "net", "orders"]],
    ["turnover", "inventory_turnover", [
      "month",
      "category",
      "units_sold",
      "opening_stock",
      "closing_stock",
      "avg_stock",
      "turnover",
    ]],
  ] as const
) {
  Deno.test(`deno task sql --example ${name} prints the operators' ${report} rows`, async () => {
    let ours = await readReportJson(lake, report);
    if (name === "top10") {
      const [summary] = await readReportJson(lake, "summary");
      ours = ours.filter((row) => row.month === summary.last_complete_month);
      assert.equal(ours.length, 10);
    }
    assert.deepEqual(lines(await example(name), [...columns]), lines(ours, [...columns]));
  });
}
