/**
 * The reports `deno task report` prints, read from the lake and checked: a report damaged by
 * hand fails in one line naming its file and what is wrong, never as a JavaScript error about
 * the code (`revenue.map is not a function`) or a table of `undefined`.
 *
 * @module
 */

import { readReportFile, type ReportRow } from "../server/report_file.ts";
import { jsonKind } from "../server/read_lake_json.ts";

/** What `report` prints from. */
export interface ReportInputs {
  /** `top_products`: rows with a `month` text. */
  top: ReportRow[];
  /** `monthly_revenue`: rows with a `month` text. */
  revenue: ReportRow[];
  /** The summary's latest transaction (ISO time), when it names one. */
  latest: string | null;
  /** The summary's last complete month, when it names one. */
  last: string | null;
}

/**
 * Reads and checks the reports `report` prints.
 *
 * @param lake Lake root.
 * @returns The rows and the summary's fields.
 * @throws {Deno.errors.NotFound} when a report is missing; else an Error naming the file and
 *   what is wrong, such as `Report <path>: row 3: month is a number, not a string`.
 */
export async function readReportInputs(lake: string): Promise<ReportInputs> {
  const path = (name: string) => `${lake}/reports/${name}.json`;
  const top = await readReportFile(path("top_products"));
  const revenue = await readReportFile(path("monthly_revenue"));
  const summary = await readReportFile(path("summary"));
  monthTexts(path("top_products"), top);
  monthTexts(path("monthly_revenue"), revenue);
  return {
    top,
    revenue,
    latest: textOrNull(path("summary"), summary[0], "latest_transaction"),
    last: textOrNull(path("summary"), summary[0], "last_complete_month"),
  };
}

function monthTexts(path: string, rows: readonly ReportRow[]): void {
  for (let i = 0; i < rows.length; i++) {
    const month = rows[i].month;
    if (typeof month !== "string") {
      throw new TypeError(
        `Report ${path}: row ${i + 1}: month is ${jsonKind(month)}, not a string`,
      );
    }
  }
}

function textOrNull(path: string, row: ReportRow | undefined, field: string): string | null {
  const value = row?.[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    throw new TypeError(`Report ${path}: ${field} is ${jsonKind(value)}, not a string or null`);
  }
  return value;
}
