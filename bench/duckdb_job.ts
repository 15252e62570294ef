/**
 * The comparison job in DuckDB, run as a child process by `deno task bench compare`: the same
 * work as `replay` over a native activity CSV, in SQL.
 *
 * 1. read the CSV (typed columns, `%Y-%m-%d %H:%M:%S UTC` timestamps);
 * 2. pseudonymize `user_id` and `user_session` with a keyed hash shaped like HMAC-SHA-256:
 *    `sha256(outerKey || sha256(innerKey || id))`, two SHA-256 per id as HMAC does (DuckDB has
 *    no `hmac()` without the crypto community extension, which needs the network; the text
 *    concatenation is not byte-identical to RFC 2104 but costs the same two hashes);
 * 3. write Parquet (zstd) partitioned by date: `<out>/activity/date=YYYY-MM-DD/*.parquet`;
 * 4. active users per minute and session conversion per minute, read back from that Parquet,
 *    each written to `<out>/reports/<name>.parquet`.
 *
 * Usage: `deno run -A bench/duckdb_job.ts CSV OUT_DIR KEY THREADS`
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";

/** SQL text literal: single quotes doubled. */
function lit(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The job's SQL statements, in order.
 *
 * @param csv the activity CSV
 * @param out the output folder (must not exist)
 * @param key the pseudonymization key (text)
 * @returns the statements
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sql = duckdbJobSql("a.csv", "/tmp/out", "k");
 * assert.ok(sql.some((s) => s.includes("PARTITION_BY (date)")));
 * ```
 */
export function duckdbJobSql(csv: string, out: string, key: string): string[] {
  const pseudonym = (column: string) =>
    `sha256(${lit(`${key}:outer:`)} || sha256(${lit(`${key}:inner:`)} || ${column}))`;
  const lake = `${out}/activity`;
  return [
    `COPY (
      SELECT event_time, event_type, product_id, category_id, category_code, brand, price,
        ${pseudonym("user_id")} AS user_id, ${pseudonym("user_session")} AS user_session,
        event_id, CAST(event_time AS DATE) AS date
      FROM read_csv(${lit(csv)}, header = true, timestampformat = '%Y-%m-%d %H:%M:%S UTC',
        columns = {event_time: 'TIMESTAMP', event_type: 'VARCHAR', product_id: 'VARCHAR',
          category_id: 'VARCHAR', category_code: 'VARCHAR', brand: 'VARCHAR', price: 'DOUBLE',
          user_id: 'VARCHAR', user_session: 'VARCHAR', event_id: 'VARCHAR'})
    ) TO ${lit(lake)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))`,
    `CREATE VIEW lake AS SELECT * FROM read_parquet(${lit(`${lake}/*/*.parquet`)})`,
    `COPY (
      SELECT date_trunc('minute', event_time) AS minute, count(DISTINCT user_id) AS active_users
      FROM lake GROUP BY 1 ORDER BY 1
    ) TO ${lit(`${out}/reports/active_users.parquet`)} (FORMAT parquet, COMPRESSION zstd)`,
    `COPY (
      SELECT minute, sessions, converted_sessions,
        round(converted_sessions / sessions, 6) AS rate
      FROM (
        SELECT date_trunc('minute', event_time) AS minute,
          count(DISTINCT user_session) AS sessions,
          count(DISTINCT user_session) FILTER (WHERE event_type = 'purchase') AS converted_sessions
        FROM lake GROUP BY 1
      ) ORDER BY 1
    ) TO ${lit(`${out}/reports/conversion.parquet`)} (FORMAT parquet, COMPRESSION zstd)`,
  ];
}

/**
 * Runs the job and prints one line: rows written to the lake and to each report.
 *
 * @param csv the activity CSV
 * @param out the output folder
 * @param key the pseudonymization key
 * @param threads DuckDB worker threads
 */
export async function runDuckdbJob(
  csv: string,
  out: string,
  key: string,
  threads: number,
): Promise<void> {
  await Deno.mkdir(`${out}/reports`, { recursive: true });
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const connection = await db.connect();
  const counts: string[] = [];
  for (const sql of duckdbJobSql(csv, out, key)) {
    const result = await connection.run(sql);
    counts.push(String(result.rowsChanged));
  }
  connection.closeSync();
  console.log(`duckdb: lake ${counts[0]} rows, active_users ${counts[2]}, conversion ${counts[3]}`);
}

if (import.meta.main) {
  const [csv, out, key, threads] = Deno.args;
  await runDuckdbJob(csv, out, key, Number(threads ?? 2));
}
