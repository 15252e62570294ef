/**
 * `deno task report`: last month's top 10 products and the monthly revenue trend as terminal
 * tables, read from the lake's reports.
 *
 * @module
 */

import {
  formatHelp,
  noPositionals,
  type OptionSpec,
  parseOptions,
  UsageError,
} from "../pipeline/options.ts";
import { formatTable, moneyNote } from "./format_table.ts";
import { danglingLink } from "../pipeline/lake/dangling_links.ts";
import { damagedLakeText } from "../pipeline/lake/damaged_lake.ts";
import { oneLine, terminalText } from "../pipeline/terminal_text.ts";
import { readReportInputs, type ReportInputs } from "./report_inputs.ts";

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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Runs `report`.
 *
 * @param args arguments after `report`
 * @returns exit status: 0; 1 when the lake has no reports (or its reports link points at
 *   nothing), no transactions, or none in the asked month; 2 for a malformed `--month`
 */
export async function reportCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      formatHelp(
        "deno task report [--lake ./lake] [--month YYYY-MM]",
        "Prints the months the lake has, the top 10 products of the last complete month (or " +
          "--month) and the monthly revenue trend from the lake's reports.",
        OPTIONS,
      ),
    );
    return 0;
  }
  const { values, positionals } = parseOptions(OPTIONS, args);
  noPositionals("report", positionals);
  const asked = values.month as string | undefined;
  if (asked !== undefined && !MONTH.test(asked)) {
    throw new UsageError(
      `--month must be YYYY-MM with a month 01-12, got ${JSON.stringify(asked)}`,
    );
  }
  const lake = values.lake as string;
  // A copy made without .versions/ is not a lake without reports: say which link is missing.
  const broken = await danglingLink(`${lake}/reports`, "reports");
  if (broken !== null) {
    console.error(`error: ${terminalText(await damagedLakeText(lake, [broken]))}`);
    return 1;
  }
  let inputs: ReportInputs;
  try {
    inputs = await readReportInputs(lake);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      console.error(oneLine(
        `error: no reports in ${lake}/reports yet: run 'deno task replay --input data/sample --lake ${lake}' first`,
      ));
      return 1;
    }
    throw err;
  }
  const { top, revenue, latest, last } = inputs;
  const months = revenue.map((row) => row.month as string);
  if (months.length === 0) {
    console.error(oneLine(
      `error: ${lake} holds no transactions, so it has no top products or revenue ` +
        `(deno task sql --lake ${lake} --schema shows what it holds)`,
    ));
    return 1;
  }
  console.log(`Months with transactions: ${monthList(months)}`);
  if (last && latest) {
    console.log(terminalText(
      `Last complete month: ${last} (the latest transaction, ${latest}, is in ` +
        `${latest.slice(0, 7)}, whose end the data has not reached)`,
    ));
  }
  const month = asked ?? last ?? "";
  const rows = top.filter((r) => r.month === month);
  if (rows.length === 0) {
    console.error(oneLine(
      `error: no purchases in ${month || "a complete month"} in ${lake} (it has transactions ` +
        `in ${monthList(months)})`,
    ));
    return 1;
  }
  console.log(`\nTop ${rows.length} products of ${terminalText(month)}:\n`);
  console.log(formatTable(rows, ["rank", "product_id", "units", "revenue"]));
  console.log(`\nMonthly revenue:\n`);
  const columns = ["month", "gross", "refunds", "returns", "net", "orders"];
  console.log(formatTable(revenue, columns));
  const note = moneyNote([...rows, ...revenue], ["revenue", ...columns]);
  if (note !== null) console.log(`\n${note}`);
  return 0;
}

/** The months themselves when there are a year's worth or fewer, else `2024-10 … 2025-10 (13)`. */
function monthList(months: readonly string[]): string {
  if (months.length <= 12) return terminalText(months.join(", "));
  return terminalText(`${months[0]} … ${months[months.length - 1]} (${months.length})`);
}
