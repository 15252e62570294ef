/**
 * `deno task report`: last month's top 10 products and the monthly revenue trend as terminal
 * tables, read from the lake's reports.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions } from "../options.ts";
import { formatTable } from "./format_table.ts";
import { readReportJson } from "../lake/report_writer.ts";

const OPTIONS: OptionSpec[] = [
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "lake folder",
    env: "SHOPEASE_LAKE",
    default: "./lake",
  },
  {
    name: "month",
    kind: "string",
    placeholder: "YYYY-MM",
    help: "month of the top 10 (default: last complete month)",
  },
];

/**
 * Runs `report`.
 *
 * @param args arguments after `report`
 * @returns exit status: 0, or 1 when the lake has no reports yet
 */
export async function reportCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      formatHelp(
        "deno task report [--lake ./lake] [--month YYYY-MM]",
        "Prints the top 10 products of the last complete month and the monthly revenue trend from the lake's reports.",
        OPTIONS,
      ),
    );
    return 0;
  }
  const { values } = parseOptions(OPTIONS, args);
  const lake = values.lake as string;
  let top: Record<string, unknown>[];
  let revenue: Record<string, unknown>[];
  let meta: Record<string, unknown>[];
  try {
    top = await readReportJson(lake, "top_products");
    revenue = await readReportJson(lake, "monthly_revenue");
    meta = await readReportJson(lake, "summary");
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      console.error(
        `error: no reports in ${lake}/reports yet: run 'deno task replay --input data/sample --lake ${lake}' first`,
      );
      return 1;
    }
    throw err;
  }
  const month = (values.month as string | undefined) ?? String(meta[0]?.last_complete_month ?? "");
  const rows = top.filter((r) => r.month === month);
  console.log(`Top ${rows.length} products of ${month}:\n`);
  console.log(formatTable(rows, ["rank", "product_id", "units", "revenue"]));
  console.log(`\nMonthly revenue:\n`);
  console.log(formatTable(revenue, ["month", "gross", "refunds", "returns", "net", "orders"]));
  return 0;
}
