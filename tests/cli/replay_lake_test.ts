import assert from "node:assert/strict";
import { LakeSql, REVENUE_SQL } from "../../pipeline/sql/mod.ts";
import { readReportJson } from "../../pipeline/lake/report_writer.ts";
import { REAL } from "../pipeline/formats/replay_format.ts";
import { listing, pick, resultObjects } from "../pipeline/sql/lake_fixture.ts";

// Three formats replayed in a row into one lake, the way the README's "Bring your own data"
// commands would be run: after every step each report agrees with the lake's tables (DuckDB).
const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "replay_lake_" });
const lake = `${dir}/lake`;

async function replayCli(...args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", "--lake", lake, "--no-progress", ...args],
    env: { SHOPEASE_ANON_KEY: "replay-lake-test-key-0123456789" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Row counts per table, checked against the quality report; and revenue against the SQL. */
async function assertConsistent(expect: Record<string, boolean>): Promise<void> {
  const sql = await LakeSql.open(lake);
  try {
    const [counts] = await sql.query(
      `WITH n AS (
         SELECT 'activity' AS source, count(*) AS rows FROM activity
         UNION ALL SELECT 'transactions', count(*) FROM transactions
         UNION ALL SELECT 'inventory', count(*) FROM inventory
         UNION ALL SELECT 'reviews', count(*) FROM reviews),
       q AS (SELECT source, count(*) AS rows FROM quarantine GROUP BY source)
       SELECT n.source, n.rows AS valid, coalesce(q.rows, 0) AS quarantined,
              coalesce(v.count, 0) AS reported_valid,
              coalesce(t.count, 0) - coalesce(v.count, 0) AS reported_quarantined
       FROM n LEFT JOIN q USING (source)
       LEFT JOIN quality v ON v.source = n.source AND v.reason = 'valid'
       LEFT JOIN quality t ON t.source = n.source AND t.reason = 'total_input'
       ORDER BY n.source`,
    );
    for (const row of resultObjects(counts)) {
      assert.equal(row.valid, row.reported_valid, `${row.source} rows = quality's valid`);
      assert.equal(row.quarantined, row.reported_quarantined, `${row.source} quarantine`);
      assert.equal(
        (row.valid as number) > 0,
        expect[row.source as string] ?? false,
        row.source as string,
      );
    }
    const [revenue] = await sql.query(REVENUE_SQL);
    const columns = ["month", "gross", "refunds", "returns", "net", "orders"];
    assert.deepEqual(
      pick(resultObjects(revenue), columns),
      pick(await readReportJson(lake, "monthly_revenue"), columns),
    );
  } finally {
    sql.close();
  }
}

Deno.test("replays of three formats into one lake: another dataset is refused, --replace starts afresh, reports always agree with the tables", async () => {
  try {
    assert.equal((await replayCli("--format", "rees46", "--input", `${REAL}rees46`)).code, 0);
    await assertConsistent({ activity: true });
    // The same dataset again rewrites it in place.
    assert.equal((await replayCli("--format", "rees46", "--input", `${REAL}rees46`)).code, 0);
    await assertConsistent({ activity: true });

    const before = await listing(lake);
    const refused = await replayCli("--format", "online-retail", "--input", `${REAL}online-retail`);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /^error: .*lake already holds another dataset \(rees46: 1 file in .*\); replay into another lake with --lake DIR, or pass --replace to start .* afresh with online-retail: 5 files in .*\n$/,
    );
    assert.deepEqual(await listing(lake), before, "a refused replay leaves the lake as it was");

    const retail = ["--format", "online-retail", "--input", `${REAL}online-retail`, "--replace"];
    assert.equal((await replayCli(...retail)).code, 0);
    await assertConsistent({ transactions: true });
    assert.equal(
      JSON.parse(await Deno.readTextFile(`${lake}/_lake.json`)).dataset.format,
      "online-retail",
    );

    const reviews = [
      "--format",
      "olist-reviews",
      "--input",
      `${REAL}olist/olist_order_reviews_first500.csv`,
      "--replace",
    ];
    assert.equal((await replayCli(...reviews)).code, 0);
    await assertConsistent({ reviews: true });
    assert.deepEqual(await readReportJson(lake, "monthly_revenue"), []);
    const siblings = [];
    for await (const entry of Deno.readDir(dir)) siblings.push(entry.name);
    assert.deepEqual(siblings, ["lake"], "no staging or replaced folder is left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
