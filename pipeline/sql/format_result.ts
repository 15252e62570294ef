/**
 * Prints query results as an aligned table, CSV or JSON.
 *
 * @module
 */

import type { SqlResult } from "./lake_sql.ts";
import { terminalText } from "../terminal_text.ts";

/** Output formats of `deno task sql --format`. */
export const SQL_FORMATS = ["table", "csv", "json"] as const;

/** One output format. */
export type SqlFormat = (typeof SQL_FORMATS)[number];

/**
 * Formats one result.
 *
 * `table`: header, rule and rows, numbers right-aligned, NULL shown as `NULL`, then the row
 * count. `csv`: RFC 4180 with a header row, NULL as an empty field; a text cell (or column name)
 * starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` so a spreadsheet opening the
 * file shows it instead of running it as a formula (OWASP's advice on CSV injection); numbers
 * such as `-5` stay as they are. `json`: an array of objects;
 * numbers (DECIMAL included) are written as JSON numbers with DuckDB's exact digits, NULL as
 * `null`.
 *
 * @param result The rows.
 * @param format The format.
 * @returns The text, without a trailing newline.
 * @example
 * ```ts
 * formatResult({ columns: ["n"], numeric: [true], rows: [["1"]] }, "csv"); // "n\n1"
 * ```
 */
export function formatResult(result: SqlResult, format: SqlFormat): string {
  switch (format) {
    case "csv":
      return [
        result.columns.map((name) => csvField(defuse(name))),
        ...result.rows.map((row) =>
          row.map((value, c) => csvField(result.numeric[c] ? value : defuse(value)))
        ),
      ].map((cells) => cells.join(",")).join("\n");
    case "json":
      return jsonText(result);
    default:
      return tableText(result);
  }
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function defuse(value: string | null): string | null {
  return value !== null && FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: string | null): string {
  if (value === null) return "";
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function jsonText(result: SqlResult): string {
  const keys = result.columns.map((c) => JSON.stringify(c));
  const lines = result.rows.map((row) =>
    "{" + row.map((value, c) => {
      let text: string;
      if (value === null) text = "null";
      else if (result.numeric[c] && JSON_NUMBER.test(value)) text = value;
      else text = JSON.stringify(value);
      return `${keys[c]}:${text}`;
    }).join(",") + "}"
  );
  return lines.length === 0 ? "[]" : `[\n${lines.join(",\n")}\n]`;
}

function tableText(result: SqlResult): string {
  const { columns, numeric, rows } = result;
  // Values from the data may hold terminal controls: shown escaped, one line each.
  const cells = rows.map((row) =>
    row.map((value) => value === null ? "NULL" : terminalText(value))
  );
  const names = columns.map(terminalText); // PIVOT takes column names from the data
  const widths = names.map((name, c) =>
    cells.reduce((width, row) => Math.max(width, row[c].length), name.length)
  );
  const line = (values: string[]) =>
    values.map((v, c) => numeric[c] ? v.padStart(widths[c]) : v.padEnd(widths[c])).join("  ")
      .trimEnd();
  const count = result.more
    ? `(first ${rows.length} rows of more)`
    : `(${rows.length} row${rows.length === 1 ? "" : "s"})`;
  return [line(names), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line), count]
    .join("\n");
}
