/**
 * Runs SQL in DuckDB (python3 -m duckdb, an engine independent of ours) for the format tests and
 * the full-data checks, and returns each query's rows.
 *
 * @module
 */

// Reads {setup, variables, queries} as JSON on stdin; prints {name: rows} as JSON.
const RUNNER = `
import duckdb, json, sys
job = json.load(sys.stdin)
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
for name, value in job["variables"].items():
    literal = value if isinstance(value, (int, float)) else "'" + str(value).replace("'", "''") + "'"
    con.execute(f"SET VARIABLE {name} = {literal}")
if job["setup"]:
    con.execute(job["setup"])
out = {}
for name, sql in job["queries"].items():
    cur = con.execute(sql)
    columns = [d[0] for d in cur.description]
    out[name] = [dict(zip(columns, row)) for row in cur.fetchall()]
print(json.dumps(out, default=str))
`;

/** Rows of one query: column name → value (numbers, strings, or text for other types). */
export type DuckRows = Record<string, unknown>[];

/**
 * Runs `setup` (any number of statements) and then each query, in one DuckDB connection.
 *
 * @param setup SQL run first, e.g. the contents of a `.sql` file of views.
 * @param variables DuckDB variables (`getvariable('name')`) set before `setup`.
 * @param queries Queries by name.
 * @returns Rows by query name.
 * @throws {Error} with DuckDB's message when python3 or a statement fails.
 */
export async function duckdbQuery(
  setup: string,
  variables: Record<string, string | number>,
  queries: Record<string, string>,
): Promise<Record<string, DuckRows>> {
  const child = new Deno.Command("python3", {
    args: ["-c", RUNNER],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ setup, variables, queries })));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(`duckdb failed (exit ${code}): ${new TextDecoder().decode(stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(stdout));
}
