import assert from "node:assert/strict";
import { dirname } from "node:path";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { LakeSql, SQL_EXAMPLES } from "../../../pipeline/sql/mod.ts";
import { ONLINE_RETAIL, pick, replayedLake, resultObjects, SAMPLE } from "./lake_fixture.ts";

// `deno task sql --example NAME` must give exactly the operator's report: the seed's three
// queries over the sample, and over Online Retail, whose prices go down to 0.001 (so the sums
// have sub-cent digits until the final rounding to cents).
const COLUMNS: Record<string, string[]> = {
  top10: ["rank", "product_id", "units", "revenue"],
  revenue: ["month", "gross", "refunds", "returns", "net", "orders"],
  turnover: [
    "month",
    "category",
    "units_sold",
    "opening_stock",
    "closing_stock",
    "avg_stock",
    "turnover",
  ],
};

for (
  const [dataset, inputs, format] of [
    ["the sample", [SAMPLE], undefined],
    ["Online Retail", [ONLINE_RETAIL], "online-retail"],
  ] as const
) {
  Deno.test(`the SQL examples give exactly the operators' reports on ${dataset}`, async () => {
    const lake = await replayedLake([...inputs], format);
    const sql = await LakeSql.open(lake);
    try {
      const [summary] = await readReportJson(lake, "summary");
      for (const [name, example] of Object.entries(SQL_EXAMPLES)) {
        let report = await readReportJson(lake, example.report);
        if (name === "top10") {
          report = report.filter((row) => row.month === summary.last_complete_month);
        }
        const [result] = await sql.query(example.sql);
        assert.ok(report.length > 0, `${example.report} has rows`);
        assert.deepEqual(
          pick(resultObjects(result), COLUMNS[name]),
          pick(report, COLUMNS[name]),
          `--example ${name} on ${dataset}`,
        );
      }
    } finally {
      sql.close();
      await Deno.remove(dirname(lake), { recursive: true });
    }
  });
}
