/**
 * The summary printed at the end of a replay: per source `input = valid + quarantined` with
 * counts by reason, inventory fixes, and last month's top 10.
 *
 * @module
 */

import type { ReplaySummary } from "../pipeline/replay.ts";
import { lastCompleteMonth } from "../operators/top_products.ts";
import { formatTable, holdsNullMoney, MONEY_COLUMNS, moneyNote } from "./format_table.ts";
import { qualityLines } from "./quality_lines.ts";

/**
 * Prints the summary to stdout.
 *
 * @param summary what the replay returned
 */
export function printSummary(summary: ReplaySummary): void {
  const lines: string[] = [];
  const rate = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : 0;
  lines.push(
    `replayed ${summary.records.toLocaleString("en-US")} records ` +
      `(${(summary.bytes / 1e6).toFixed(1)} MB) in ${summary.seconds.toFixed(1)} s, ` +
      `${rate.toLocaleString("en-US")} records/s`,
    "",
  );
  lines.push(...qualityLines(summary.quality));
  const fixes = Object.entries(summary.fixes).filter(([, n]) => n > 0);
  if (fixes.length) {
    lines.push(`inventory fixes: ${fixes.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  }
  if (Number.isFinite(summary.latestTransaction)) {
    const month = lastCompleteMonth(summary.latestTransaction);
    const top = summary.topProducts.filter((r) => r.month === month);
    lines.push("", `top ${top.length} products of ${month} (last complete month):`);
    lines.push(formatTable(top, ["rank", "product_id", "units", "revenue"]));
    // Revenue is not printed here: say which months' amounts the reports could not hold.
    const beyond = summary.monthlyRevenue.filter((row) => holdsNullMoney(row));
    if (beyond.length > 0) {
      lines.push(`monthly revenue of ${beyond.map((r) => r.month).join(", ")}: —`);
    }
    const note = moneyNote([...top, ...beyond], MONEY_COLUMNS);
    if (note !== null) lines.push(note);
  }
  console.log(lines.join("\n"));
}
