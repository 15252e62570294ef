import assert from "node:assert/strict";
import { dirname } from "node:path";
import { ONLINE_RETAIL, replayedLake } from "../pipeline/sql/lake_fixture.ts";
import { metaCommand } from "../../cli/sql_command.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const lake = await replayedLake([ONLINE_RETAIL], "online-retail");

async function sql(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "sql", "--lake", lake, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("deno task sql runs a query given as an argument, as a table by default", async () => {
  const { code, stdout } = await sql("SELECT count(*) AS n FROM transactions");
  assert.equal(code, 0);
  assert.equal(stdout, "   n\n----\n5213\n(1 row)\n");
});

Deno.test("deno task sql --example top10 --format json prints the top 10 of the last month", async () => {
  const { code, stdout } = await sql("--example", "top10", "--format", "json");
  assert.equal(code, 0);
  const rows = JSON.parse(stdout);
  assert.equal(rows.length, 10);
  assert.deepEqual(Object.keys(rows[0]), ["rank", "product_id", "units", "revenue"]);
});

Deno.test("deno task sql --file reads the query from a file; --format csv", async () => {
  const file = `${dirname(lake)}/q.sql`;
  await Deno.writeTextFile(
    file,
    "SELECT month, net FROM monthly_revenue ORDER BY month LIMIT 1;\n",
  );
  const { code, stdout } = await sql("--file", file, "--format", "csv");
  assert.equal(code, 0);
  assert.equal(stdout, "month,net\n2011-04,18014.49\n");
});

Deno.test("deno task sql reads the query from standard input when it is not a terminal", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "sql", "--lake", lake, "--format", "json"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("SELECT sum(quantity * unit_price) AS total\n"));
  await writer.write(new TextEncoder().encode("FROM transactions WHERE type = 'purchase';\n"));
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  // The exact DECIMAL sum, digits as DuckDB prints them.
  assert.match(new TextDecoder().decode(out.stdout), /^\[\n\{"total":\d+\.\d{6}\}\n\]\n$/);
});

Deno.test("deno task sql --schema lists every view and its columns", async () => {
  const { code, stdout } = await sql("--schema");
  assert.equal(code, 0);
  assert.match(stdout, /^transactions \(table\)\n(?:.*\n)*? {2}unit_price +DECIMAL\(18,6\)$/m);
  assert.match(stdout, /^activity \(table\) {2}\(no data in this lake\)$/m);
  assert.match(stdout, /^monthly_revenue \(report\)$/m);
});

Deno.test("deno task sql errors are one line with a non-zero exit", async () => {
  for (
    const [args, code, pattern] of [
      [["SELEC 1"], 1, /^error: Parser Error: syntax error at or near "SELEC"\n$/],
      [["COPY transactions TO 'x.csv'"], 1, /^error: .*(read-only|Permission).*\n$/],
      [["--lake", `${dirname(lake)}/none`, "SELECT 1"], 1, /^error: no lake at .*none: run/],
      [["--format", "xml", "SELECT 1"], 2, /^error: .*--format/],
      [["--example", "top10", "SELECT 1"], 2, /^error: give one of/],
      // --show alone was ignored: the query after it ran (or stdin was read) instead.
      [["--show", "SELECT 1"], 2, /^error: --show prints the query of an --example; give one/],
      // These said "Error in native callback".
      [[""], 1, /^error: the query is empty: give a SELECT \(or --schema, --example\)\n$/],
      [[" ; ;"], 1, /^error: the query is empty/],
      [["/* only a comment */"], 1, /^error: the query is empty/],
    ] as const
  ) {
    const out = await sql(...args);
    assert.equal(out.code, code, args.join(" "));
    assert.match(out.stderr, pattern);
    assert.equal(out.stderr.split("\n")[0].startsWith("error:"), true);
    assert.equal(out.stdout, "");
  }
});

Deno.test("the sql prompt knows its commands and refuses others instead of reading them as SQL", () => {
  assert.equal(metaCommand(".schema"), "schema");
  assert.equal(metaCommand("  .QUIT "), "quit");
  assert.equal(metaCommand(".exit"), "quit");
  assert.equal(metaCommand(".help"), "help");
  assert.equal(metaCommand(".tables"), "unknown");
  assert.equal(metaCommand("select 1;"), null);
});

const SCRIPT = "/usr/bin/script"; // util-linux: runs a command on a terminal of its own
const hasScript = await Deno.stat(SCRIPT).then(() => true, () => false);

Deno.test({
  name: "the sql prompt on a terminal runs every line typed ahead, commands and statements",
  ignore: !hasScript,
  fn: async () => {
    // prompt() dropped what was typed before it asked: only the first of three statements ran.
    const child = new Deno.Command(SCRIPT, {
      args: ["-qec", `${Deno.execPath()} run -A ${MAIN} sql --lake ${lake}`, "/dev/null"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(".tables\nselect 21;\nselect\n 22;\n.quit\n"));
    await writer.close();
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout).replaceAll("\r", "");
    assert.match(text, /error: unknown command \.tables\./);
    assert.match(text, /^21$/m);
    assert.match(text, /^22$/m);
  },
});

Deno.test("deno task sql bounds what it holds: a table shows its first rows, an export refuses", async () => {
  // `select * from range(100000000)` held every row and died of V8's out-of-memory after 56 s.
  const table = await sql("SELECT range AS n FROM range(25000000)");
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /\n9999\n\(first 10000 rows of more\)\n$/);
  assert.match(table.stderr, /^note: only the first 10000 rows are shown: add a LIMIT/);
  const csv = await sql("--format", "csv", "SELECT range AS n FROM range(25000000)");
  assert.equal(csv.code, 1);
  assert.equal(csv.stdout, "");
  assert.match(csv.stderr, /^error: the result has more than 1000000 rows/);
  const fits = await sql("--format", "csv", "SELECT range AS n FROM range(1000000)");
  assert.equal(fits.code, 0, fits.stderr);
  assert.equal(fits.stdout.split("\n").length, 1_000_002); // header, rows, final newline
});

/** A copy of the lake (`cp -a`) with `version` (a folder under `.versions/`) deleted. */
async function damagedCopy(name: string, version: string): Promise<string> {
  const copy = `${dirname(lake)}/${name}`;
  const cp = await new Deno.Command("cp", { args: ["-a", lake, copy] }).output();
  assert.equal(cp.code, 0);
  await Deno.remove(`${copy}/.versions/${version}`, { recursive: true });
  return copy;
}

Deno.test("deno task sql fails a query reading a table whose link dangles, and warns first", async () => {
  // It answered 0 rows from `transactions`, and --schema said "(no data in this lake)".
  const copy = await damagedCopy("no_transactions", "transactions");
  const link = `${copy}/transactions links to .versions/transactions/v000001, which is missing`;
  const rebuild = `the lake is damaged or half-copied; rebuild it with 'deno task replay ` +
    `--input <its data> --lake ${copy}'`;
  const warning = `warning: ${link}: ${rebuild}; queries reading transactions fail, ` +
    `the other views answer\n`;
  const read = await sql("--lake", copy, "SELECT count(*) AS n FROM transactions");
  assert.equal(read.code, 1);
  assert.equal(read.stdout, "");
  assert.equal(read.stderr, `${warning}error: Invalid Input Error: ${link}: ${rebuild}\n`);
  // A report, which the link does not hold, still answers, under the warning.
  const report = await sql("--lake", copy, "SELECT count(*) AS n FROM monthly_revenue");
  assert.equal(report.code, 0, report.stderr);
  assert.equal(report.stdout, "n\n-\n4\n(1 row)\n");
  assert.equal(report.stderr, warning);
  const schema = await sql("--lake", copy, "--schema");
  assert.equal(schema.code, 0);
  assert.match(
    schema.stdout,
    new RegExp(`^transactions \\(table\\) {2}\\(broken: ${RegExp.escape(link)}\\)$`, "m"),
  );
  assert.equal(schema.stderr, warning);
});

Deno.test("deno task sql refuses a lake whose every link dangles, naming one", async () => {
  const copy = await damagedCopy("no_versions", "");
  const out = await sql("--lake", copy, "SELECT count(*) AS n FROM transactions");
  assert.equal(out.code, 1);
  assert.equal(out.stdout, "");
  assert.equal(
    out.stderr,
    `error: ${copy}/reports links to .versions/reports/v000001, which is missing (so do 2 other ` +
      `links): the lake is damaged or half-copied; rebuild it with 'deno task replay --input ` +
      `<its data> --lake ${copy}'\n`,
  );
});

Deno.test("deno task sql's scratch lake is removed", async () => {
  await Deno.remove(dirname(lake), { recursive: true });
});
