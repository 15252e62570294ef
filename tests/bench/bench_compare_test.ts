import assert from "node:assert/strict";
import { DuckDBInstance } from "@duckdb/node-api";
import { benchCompare } from "../../bench/bench_compare.ts";
import { runDuckdbJob } from "../../bench/duckdb_job.ts";

Deno.test("benchCompare() runs both engines on one generated input and prints times, RSS and ratios", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench_compare_test_" });
  try {
    const table = await benchCompare({
      events: 3_000,
      runs: 1,
      data: `${dir}/data`,
      scratch: `${dir}/scratch`,
    });
    const row = (name: string) => table.split("\n").find((l) => l.startsWith(`| ${name}`));
    for (const name of ["ShopEase", "DuckDB"]) {
      assert.match(row(name) ?? "", /\| \d+\.\d\d \| \d+\.\d\d \| \d+ MB \|$/, name);
    }
    assert.match(row("ratio") ?? "", /\| \d+\.\d\d \| \d+\.\d\d \|$/);
    // The input was generated once and only its activity file was replayed.
    assert.deepEqual([...Deno.readDirSync(`${dir}/data/activity_only`)].map((e) => e.name), [
      "activity.csv",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the DuckDB job writes pseudonyms, never the raw ids, and both per-minute reports", async () => {
  const dir = await Deno.makeTempDir({ prefix: "duckdb_job_test_" });
  try {
    const csv = `${dir}/activity.csv`;
    await Deno.writeTextFile(
      csv,
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session,event_id\n" +
        "2024-10-01 00:00:05 UTC,view,p1,,,,1.00,RAWUSER1,RAWSESSION1,e1\n" +
        "2024-10-01 00:00:35 UTC,purchase,p1,,,,1.00,RAWUSER1,RAWSESSION1,e2\n" +
        "2024-10-02 00:01:00 UTC,view,p2,,,,2.00,RAWUSER2,RAWSESSION2,e3\n",
    );
    await runDuckdbJob(csv, `${dir}/out`, "k", 1);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjects();
    const lake = await read(
      `SELECT user_id, user_session FROM read_parquet('${dir}/out/activity/*/*.parquet')`,
    );
    assert.equal(lake.length, 3);
    for (const r of lake) {
      assert.match(String(r.user_id), /^[0-9a-f]{64}$/);
      assert.doesNotMatch(String(r.user_session), /RAW/);
    }
    const conversion = await read(
      `SELECT sessions, converted_sessions FROM '${dir}/out/reports/conversion.parquet' ORDER BY minute`,
    );
    assert.deepEqual(conversion.map((r) => [Number(r.sessions), Number(r.converted_sessions)]), [
      [1, 1],
      [1, 0],
    ]);
    connection.closeSync();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
