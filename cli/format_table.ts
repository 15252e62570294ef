/**
 * Plain-text tables for the terminal.
 *
 * @module
 */

import { terminalText } from "../pipeline/terminal_text.ts";

/** Columns that hold money: shown with two decimals. */
const MONEY = new Set(["gross", "refunds", "returns", "net", "revenue"]);

function cell(column: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && MONEY.has(column)) {
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return terminalText(String(value));
}

/**
 * Formats rows as an aligned text table; numbers are right-aligned, money columns (gross,
 * refunds, returns, net, revenue) shown with two decimals.
 *
 * @param rows the rows
 * @param columns the columns to show, in order
 * @returns the table text (header, rule, rows)
 * @example formatTable([{ a: 1, b: "x" }], ["a", "b"])
 */
export function formatTable<R extends object>(
  rows: readonly R[],
  columns: readonly (keyof R & string)[],
): string {
  const cells = rows.map((row) => columns.map((c) => cell(c, row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const numeric = columns.map((c) =>
    rows.length > 0 && rows.every((r) => typeof r[c] === "number" || r[c] === null)
  );
  const fmt = (values: string[]) =>
    values.map((v, i) => numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])).join("  ")
      .trimEnd();
  return [fmt([...columns]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(fmt)].join(
    "\n",
  );
}
