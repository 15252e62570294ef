/**
 * Plain-text tables for the terminal.
 *
 * @module
 */

import { terminalText } from "../pipeline/terminal_text.ts";
import { MAX_MONEY } from "../operators/money.ts";

/** Columns that hold money: shown with two decimals. */
export const MONEY_COLUMNS: readonly string[] = ["gross", "refunds", "returns", "net", "revenue"];
const MONEY = new Set(MONEY_COLUMNS);

function cell(column: string, value: unknown): string {
  // The reports' money is null only beyond MAX_MONEY (see moneyNote).
  if (value === null && MONEY.has(column)) return "—";
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

/**
 * The footnote for a table whose money columns hold a null (`—`): the reports make an amount null
 * only when it lies beyond `MAX_MONEY`, where no number holds it to the cent.
 *
 * @param rows the table's rows
 * @param columns the columns shown
 * @returns the note, or null when every amount shown is a number
 * @example moneyNote([{ net: null }], ["net"]) // "— : beyond ±35,184,372,088,832, more than …"
 */
export function moneyNote(rows: readonly object[], columns: readonly string[]): string | null {
  const money = columns.filter((c) => MONEY.has(c));
  if (!rows.some((row) => holdsNullMoney(row, money))) return null;
  return `— : beyond ±${MAX_MONEY.toLocaleString("en-US")}, more than a report holds to the ` +
    "cent; the lake's transactions sum it exactly (deno task sql)";
}

/**
 * Whether a report row holds a null amount (one beyond `MAX_MONEY`).
 *
 * @param row the row
 * @param columns its money columns to look at (default: all of them)
 * @returns true when one of them is null
 * @example holdsNullMoney({ month: "2025-10", net: null }) // true
 */
export function holdsNullMoney(row: object, columns: readonly string[] = MONEY_COLUMNS): boolean {
  return columns.some((c) => (row as Record<string, unknown>)[c] === null);
}
