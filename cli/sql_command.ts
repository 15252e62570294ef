/**
 * `deno task sql`: read-only SQL (DuckDB) over the lake's tables and reports.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../pipeline/options.ts";
import {
  formatResult,
  LakeSql,
  SQL_EXAMPLES,
  SQL_FORMATS,
  SqlError,
  type SqlFormat,
} from "../pipeline/sql/mod.ts";
import { terminalText } from "../pipeline/terminal_text.ts";
import { readLines } from "../pipeline/read_lines.ts";
import { danglingText } from "../pipeline/lake/dangling_links.ts";

const OPTIONS: OptionSpec[] = [
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "lake folder",
    env: "SHOPEASE_LAKE",
    default: "./lake",
  },
  { name: "file", kind: "string", placeholder: "FILE", help: "read the query from a file" },
  {
    name: "format",
    kind: "string",
    placeholder: "FORMAT",
    choices: SQL_FORMATS,
    help: "output: an aligned table, CSV or JSON",
    default: "table",
  },
  { name: "schema", kind: "boolean", help: "list the views and their columns" },
  {
    name: "example",
    kind: "string",
    placeholder: "NAME",
    choices: Object.keys(SQL_EXAMPLES),
    help: "run a shipped query: top10 (last month's top 10 products), revenue, turnover",
  },
  { name: "show", kind: "boolean", help: "with --example: print the query instead of running it" },
];

const USAGE = 'deno task sql [--lake ./lake] ["QUERY" | --file FILE | --example NAME | --schema]';
const ABOUT = "Runs read-only SQL (DuckDB) over the lake. Every table and report is a view: " +
  "activity, transactions, inventory, reviews, quarantine, monthly_revenue, top_products, " +
  "inventory_turnover, … (--schema lists them). Without a query it reads one from stdin, or " +
  "prompts on a terminal. Only SELECT and EXPLAIN run; nothing outside the lake can be read " +
  "and nothing can be written (docs/QUERYING.md).";

/**
 * Runs `sql`.
 *
 * @param args arguments after `sql`
 * @returns exit status: 0, 1 for a failed query or a missing/empty lake, 2 for a usage error
 */
export async function sqlCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, OPTIONS));
    return 0;
  }
  const { values, positionals } = parseOptions(OPTIONS, args);
  const format = values.format as SqlFormat;
  const example = values.example as string | undefined;
  const sources = [
    positionals.length > 0,
    values.file !== undefined,
    example !== undefined,
    values.schema === true,
  ].filter(Boolean).length;
  if (sources > 1) {
    throw new UsageError("give one of: a query, --file, --example or --schema");
  }
  if (values.show === true && example === undefined) {
    throw new UsageError("--show prints the query of an --example; give one (top10, revenue, …)");
  }
  if (example !== undefined && values.show === true) {
    console.log(SQL_EXAMPLES[example].sql);
    return 0;
  }
  let query: string | undefined;
  if (positionals.length > 0) query = positionals.join(" ");
  else if (example !== undefined) query = SQL_EXAMPLES[example].sql;
  else if (values.file !== undefined) query = await readQueryFile(values.file as string);
  const sql = await LakeSql.open(values.lake as string);
  // Before any result: a script reading stdout alone still gets the failure of a damaged view.
  if (sql.damage !== null) console.error(`warning: ${terminalText(sql.damage)}`);
  try {
    if (values.schema === true) {
      console.log(schemaText(sql));
      return 0;
    }
    if (query === undefined && Deno.stdin.isTerminal()) return await prompt(sql, format);
    query ??= await new Response(Deno.stdin.readable).text();
    await print(sql, query, format);
    return 0;
  } finally {
    sql.close();
  }
}

async function readQueryFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (cause) {
    throw new SqlError(`cannot read the query file ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Rows a table shows: a terminal shows no more usefully. */
const TABLE_ROWS = 10_000;
/** Rows a CSV or JSON result may have: held in memory before printing. */
const EXPORT_ROWS = 1_000_000;

async function print(sql: LakeSql, query: string, format: SqlFormat): Promise<void> {
  // Bounded: a result of 10⁸ rows, held whole, ended in V8's out-of-memory crash.
  const table = format === "table";
  const results = await sql.query(query, table ? TABLE_ROWS : EXPORT_ROWS);
  if (!table && results.some((result) => result.more)) {
    // An export cut short would pass for a whole one: nothing is printed.
    throw new SqlError(
      `the result has more than ${EXPORT_ROWS} rows: add a LIMIT, or aggregate (for an export ` +
        `of a whole table, read the lake's Parquet files with DuckDB itself: docs/QUERYING.md)`,
    );
  }
  console.log(results.map((result) => formatResult(result, format)).join("\n\n"));
  if (results.some((result) => result.more)) {
    console.error(
      `note: only the first ${TABLE_ROWS} rows are shown: add a LIMIT, or use --format csv`,
    );
  }
}

/** The views and their columns, one view per paragraph. */
function schemaText(sql: LakeSql): string {
  return sql.views.map((view) => {
    const note = view.broken !== undefined
      ? `  (broken: ${terminalText(danglingText(view.broken))})`
      : view.present
      ? ""
      : "  (no data in this lake)";
    const width = Math.max(...view.columns.map((c) => c.name.length));
    const columns = view.columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type}`);
    return [`${view.name} (${view.kind})${note}`, ...columns].join("\n");
  }).join("\n\n");
}

/** The prompt's commands: a line starting with `.` where a statement would start. */
const META_HELP = "End a query with ';'. Commands: .schema (the views), .help, .quit";

/**
 * What a prompt line starting a statement asks for: a command (`.schema`, `.help`, `.quit` or
 * `.exit`), an unknown command (an error: taken as SQL, `.tables` swallowed the lines after it
 * into one statement that then failed), or null for a line of SQL.
 *
 * @param line the line as typed
 * @returns the command, `unknown`, or null
 * @example metaCommand(" .schema ") // "schema"
 */
export function metaCommand(line: string): "schema" | "help" | "quit" | "unknown" | null {
  const word = line.trim().toLowerCase();
  if (!word.startsWith(".")) return null;
  if (word === ".quit" || word === ".exit") return "quit";
  if (word === ".schema") return "schema";
  if (word === ".help") return "help";
  return "unknown";
}

/**
 * A line prompt on a terminal: a statement runs once a line ends with `;`; `.quit` leaves. Lines
 * are read from standard input as the terminal gives them (its own line editing), not through
 * `prompt()`, which dropped lines typed or pasted ahead of it.
 */
async function prompt(sql: LakeSql, format: SqlFormat): Promise<number> {
  console.error(`Read-only SQL over the lake (DuckDB). ${META_HELP}`);
  const encoder = new TextEncoder();
  const lines = readLines(Deno.stdin.readable);
  let text = "";
  for (;;) {
    Deno.stderr.writeSync(encoder.encode(text === "" ? "sql> " : "...> "));
    const next = await lines.next();
    if (next.done) {
      Deno.stderr.writeSync(encoder.encode("\n"));
      return 0;
    }
    const line = next.value;
    const command = text === "" ? metaCommand(line) : null;
    if (command === "quit") return 0;
    if (command === "schema") console.log(schemaText(sql));
    else if (command === "help") console.error(META_HELP);
    else if (command === "unknown") {
      console.error(`error: unknown command ${terminalText(line.trim())}. ${META_HELP}`);
    }
    if (command !== null) continue;
    text += line + "\n";
    if (!line.trimEnd().endsWith(";")) continue;
    try {
      await print(sql, text, format);
    } catch (error) {
      if (!(error instanceof SqlError)) throw error;
      console.error(`error: ${error.message}`);
    }
    text = "";
  }
}
