import assert from "node:assert/strict";
import { readReportJson } from "../../pipeline/lake/report_writer.ts";
import { duckdbQuery } from "../pipeline/formats/duckdb_query.ts";
import { replayFormat } from "../pipeline/formats/replay_format.ts";

// The SQL that docs/ARCHITECTURE.md sets beside the operators (question 4), run by DuckDB over
// the lake of a replay of the committed sample, must give the rows the operators wrote.
const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;
const SQL = new URL("../../docs/tools/report_queries.sql", import.meta.url);
const dir = await Deno.makeTempDir({ prefix: "report_queries_" });
const lake = `${dir}/lake`;
await replayFormat({}, [SAMPLE], lake);
const sql = await duckdbQuery(await Deno.readTextFile(SQL), { lake }, {
  top_products: "SELECT * FROM top_products",
  monthly_revenue: "SELECT * FROM monthly_revenue",
  inventory_turnover: "SELECT * FROM inventory_turnover",
});

/** Rows as lines of `column=value`, numbers as numbers, so both sides print alike. */
function lines(rows: Record<string, unknown>[], columns: string[]): string[] {
  return rows.map((row) =>
    columns.map((c) => `${c}=${row[c] === null ? "null" : Number(row[c]) || row[c]}`).join(" ")
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

Deno.test("the SQL equivalents' scratch lake is removed", async () => {
  await Deno.remove(dir, { recursive: true });
});
