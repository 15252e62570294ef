import assert from "node:assert/strict";
import { dirname } from "node:path";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { LakeSql, SqlError } from "../../../pipeline/sql/mod.ts";
import { duckdbQuery } from "../formats/duckdb_query.ts";
import { listing, ONLINE_RETAIL, replayedLake, resultObjects } from "./lake_fixture.ts";

// Online Retail: prices down to 0.001, returns, and rows the decoder quarantines.
const lake = await replayedLake([ONLINE_RETAIL], "online-retail");
const sql = await LakeSql.open(lake);

async function one(query: string): Promise<Record<string, unknown>[]> {
  const [result] = await sql.query(query);
  return resultObjects(result);
}

Deno.test("LakeSql has a view for every table and report, with DECIMAL money columns", async () => {
  const names = sql.views.map((v) => v.name);
  for (
    const name of [
      "activity",
      "transactions",
      "inventory",
      "reviews",
      "quarantine",
      "monthly_revenue",
      "top_products",
      "top_products_by_revenue",
      "products",
      "inventory_turnover",
      "purchase_behavior",
      "quality",
      "summary",
    ]
  ) assert.ok(names.includes(name), name);
  const types = await one(
    "SELECT table_name || '.' || column_name AS col, data_type FROM information_schema.columns " +
      "WHERE data_type LIKE 'DECIMAL%' ORDER BY col",
  );
  assert.deepEqual(types, [
    { col: "activity.price", data_type: "DECIMAL(18,6)" },
    { col: "inventory.price", data_type: "DECIMAL(18,6)" },
    { col: "inventory.unit_cost", data_type: "DECIMAL(18,6)" },
    { col: "inventory_arrivals.price", data_type: "DECIMAL(18,6)" },
    { col: "inventory_arrivals.unit_cost", data_type: "DECIMAL(18,6)" },
    { col: "monthly_revenue.gross", data_type: "DECIMAL(18,2)" },
    { col: "monthly_revenue.net", data_type: "DECIMAL(18,2)" },
    { col: "monthly_revenue.refunds", data_type: "DECIMAL(18,2)" },
    { col: "monthly_revenue.returns", data_type: "DECIMAL(18,2)" },
    { col: "top_products.revenue", data_type: "DECIMAL(18,2)" },
    { col: "top_products_by_revenue.revenue", data_type: "DECIMAL(18,2)" },
    { col: "transactions.unit_price", data_type: "DECIMAL(18,6)" },
  ]);
  // An empty table (Online Retail has no activity) still has its columns.
  assert.deepEqual(await one("SELECT count(*) AS n FROM activity"), [{ n: 0 }]);
});

Deno.test("docs/QUERYING.md lists every view with its columns", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/QUERYING.md", import.meta.url));
  for (const view of sql.views) {
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${view.name}\``));
    assert.ok(row, `${view.name} has a row`);
    for (const column of view.columns) {
      assert.match(row, new RegExp(`\\b${column.name}\\b`), `${view.name}.${column.name}`);
    }
  }
});

Deno.test("money sums over the lake equal the reports exactly, in three readers", async () => {
  // Exact DECIMAL arithmetic: gross/refunds/returns are the lake's sums rounded once to cents.
  const mismatches = await one(
    `SELECT r.month FROM monthly_revenue r JOIN (
       SELECT strftime("timestamp", '%Y-%m') AS month,
              sum(CASE WHEN type = 'purchase' THEN quantity * unit_price ELSE 0 END) AS gross,
              sum(CASE WHEN type = 'return' THEN quantity * unit_price ELSE 0 END) AS returns
       FROM transactions GROUP BY 1) t USING (month)
     WHERE round(t.gross, 2) <> r.gross OR round(t.returns, 2) <> r.returns`,
  );
  assert.deepEqual(mismatches, []);
  const [exact] = await one(
    "SELECT sum(quantity * unit_price)::VARCHAR AS total FROM transactions",
  );
  // A second engine (python duckdb) reads the Parquet DECIMAL column to the same digits.
  const python = await duckdbQuery("", { lake }, {
    total: "SELECT sum(quantity * unit_price)::VARCHAR AS total FROM read_parquet(" +
      "getvariable('lake') || '/transactions/*/*.parquet')",
  });
  assert.equal(python.total[0].total, exact.total);
  // hyparquet (the repo's own reader) reads each price as the double nearest to the decimal.
  let micros = 0n;
  for (const row of await readTable(lake, "transactions")) {
    const price = row.unit_price as number;
    assert.equal(typeof price, "number");
    micros += BigInt(row.quantity as number) * BigInt(Math.round(price * 1e6));
  }
  // DECIMAL(38,6) text has six decimals: without the point it is the count of micros.
  assert.match(String(exact.total), /^\d+\.\d{6}$/);
  assert.equal(micros, BigInt(String(exact.total).replace(".", "")));
  // The data exercises sub-cent prices: three purchases at 0.001, kept exactly in the lake.
  assert.deepEqual(
    await one(
      "SELECT unit_price::VARCHAR AS p FROM transactions WHERE unit_price <> round(unit_price, 2)",
    ),
    [{ p: "0.001000" }, { p: "0.001000" }, { p: "0.001000" }],
  );
  assert.ok((await readReportJson(lake, "monthly_revenue")).length > 0);
});

Deno.test("quarantine rows without a usable date have a NULL DATE partition", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sql_quarantine_" });
  try {
    await Deno.writeTextFile(
      `${dir}/transactions.ndjson`,
      '{"transaction_id":"t1","order_id":"o1","user_id":"u1","product_id":"p1","quantity":2,' +
        '"unit_price":0.005,"type":"purchase","timestamp":"2024-10-03T20:21:35Z"}\n' +
        '{"transaction_id":"t2","order_id":\n',
    );
    const small = await replayedLake([`${dir}/transactions.ndjson`]);
    const other = await LakeSql.open(small);
    try {
      const [result] = await other.query(
        "SELECT typeof(date) AS t, count(*) AS n, count(date) AS dated FROM quarantine " +
          "GROUP BY 1",
      );
      assert.deepEqual(resultObjects(result), [{ t: "DATE", n: 1, dated: 0 }]);
      const [price] = await other.query("SELECT sum(quantity * unit_price) AS s FROM transactions");
      assert.deepEqual(price.rows, [["0.010000"]]);
    } finally {
      other.close();
      await Deno.remove(dirname(small), { recursive: true });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("LakeSql refuses to write or to read outside the lake", async () => {
  const before = await listing(lake);
  const outside = `${dirname(lake)}/outside.csv`;
  for (
    const attack of [
      `COPY transactions TO '${outside}'`,
      `COPY transactions TO '${lake}/copied.csv'`,
      `COPY (SELECT 1) TO '${lake}/transactions/x.parquet' (FORMAT parquet)`,
      `ATTACH '${dirname(lake)}/other.db' AS other`,
      "SELECT * FROM read_csv('/etc/passwd')",
      `SELECT * FROM read_text('${lake}/../../../../etc/passwd')`,
      "SELECT * FROM glob('/etc/*')",
      "SET enable_external_access = true",
      "RESET enable_external_access",
      "INSTALL httpfs",
      "LOAD httpfs",
      "CREATE TABLE t AS SELECT 1",
      "DROP VIEW transactions",
      `EXPORT DATABASE '${dirname(lake)}/export'`,
      // EXPORT made its folder while prepared, before the refusal: in the lake, and in a
      // committed version of a table.
      `EXPORT DATABASE '${lake}/written_by_sql'`,
      `SELECT 1; EXPORT DATABASE '${lake}/transactions/date=2099-01-01'`,
      `/* a comment */ export database '${lake}/x' (FORMAT parquet)`,
      `IMPORT DATABASE '${lake}'`,
      `PRAGMA import_database('${lake}')`,
      `SELECT 1; COPY transactions TO '${lake}/copied.csv'`,
      "SELECT * FROM query('COPY transactions TO ''x.csv''')",
      // EXPLAIN ANALYZE runs the statement it explains.
      `EXPLAIN ANALYZE COPY transactions TO '${lake}/copied.csv'`,
      `EXPLAIN (ANALYZE) COPY (SELECT 1) TO '${lake}/transactions/x.parquet' (FORMAT parquet)`,
      `/* x */ explain --\n analyse COPY transactions TO '${lake}/copied.csv'`,
      `SELECT 1; EXPLAIN ANALYZE COPY transactions TO '${lake}/copied.csv'`,
    ]
  ) {
    await assert.rejects(sql.query(attack), SqlError, attack);
  }
  assert.deepEqual(await listing(lake), before);
  for (const made of [outside, `${lake}/written_by_sql`, `${lake}/transactions/date=2099-01-01`]) {
    await assert.rejects(Deno.stat(made), Deno.errors.NotFound, made);
  }
  // The views still work after the attempts, and the words are fine in a name or a string.
  assert.ok(((await one("SELECT count(*) AS n FROM transactions"))[0].n as number) > 0);
  assert.deepEqual(await one("SELECT 'export' AS import"), [{ import: "export" }]);
});

Deno.test("LakeSql allows the lake alone, not DuckDB's spill folder under the working directory", async () => {
  const cwd = Deno.cwd();
  const dir = Deno.makeTempDirSync({ prefix: "lake_sql_cwd_" });
  try {
    Deno.mkdirSync(`${dir}/.tmp`);
    Deno.writeTextFileSync(`${dir}/.tmp/secret.txt`, "secret");
    Deno.chdir(dir);
    const local = await LakeSql.open(lake);
    try {
      const [allowed] = await local.query("SELECT current_setting('allowed_directories') AS d");
      assert.doesNotMatch(String(allowed.rows[0][0]), /\.tmp/);
      await assert.rejects(local.query("SELECT * FROM read_text('.tmp/secret.txt')"), SqlError);
    } finally {
      local.close();
    }
  } finally {
    Deno.chdir(cwd);
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("LakeSql reads a lake whose path holds glob characters", async () => {
  const odd = `${dirname(lake)}/shop[1]?*`;
  await Deno.symlink(lake, odd);
  const other = await LakeSql.open(odd);
  try {
    const [result] = await other.query("SELECT count(*) AS n FROM transactions");
    assert.deepEqual(resultObjects(result), await one("SELECT count(*) AS n FROM transactions"));
  } finally {
    other.close();
    await Deno.remove(odd);
  }
});

Deno.test("LakeSql errors are one line: a bad query, a missing lake, an empty lake", async () => {
  const error = await sql.query("SELEC 1").catch((e) => e);
  assert.ok(error instanceof SqlError);
  assert.match(error.message, /syntax error/);
  assert.doesNotMatch(error.message, /\n/);
  const missing = `${dirname(lake)}/missing`;
  await assert.rejects(LakeSql.open(missing), /no lake at .*missing: run 'deno task replay/);
  await Deno.mkdir(`${dirname(lake)}/empty/reports`, { recursive: true });
  await assert.rejects(LakeSql.open(`${dirname(lake)}/empty`), /holds no tables or reports yet/);
});

Deno.test("LakeSql's scratch lake is removed", async () => {
  sql.close();
  await Deno.remove(dirname(lake), { recursive: true });
});
