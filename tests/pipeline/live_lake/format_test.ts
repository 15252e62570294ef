/**
 * Another source format through Kafka: the real Online Retail slices produced with `--format
 * online-retail` and consumed with the same format give replay's lake and reports. One known
 * difference: Online Retail has no line ids, so a line's id is `<invoice>:<n>`, its place in the
 * invoice counting rejected lines too; a rejected line is keyed by its position, not its user,
 * so live, a later line of the same invoice is numbered without it. Only those ids may differ.
 */
import assert from "node:assert/strict";
import { lakeDigest } from "../../hostile/lake_digest.ts";
import { duckdbQuery } from "../formats/duckdb_query.ts";
import {
  assertSameSql,
  cli,
  consumeArgs,
  deleteTopics,
  liveLakeCase,
  ROOT,
} from "./live_lake_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

Deno.test({
  name: "Online Retail produced and consumed with --format online-retail equals its replay",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-format");
    const input = `${ROOT}data/real/online-retail`;
    const format = ["--format", "online-retail"];
    try {
      await using replayDir = await tempDir({ prefix: "replay-or-" });
      const replay = replayDir.path;
      await cli(["replay", "--input", input, ...format, "--lake", replay, "--no-progress"], c.env);
      await cli(
        ["produce", "--input", input, ...format, "--topic-prefix", c.prefix, "--no-progress"],
        c.env,
      );
      await using lakeDir = await tempDir({ prefix: "live-lake-or-" });
      const lake = lakeDir.path;
      await cli([...consumeArgs(c, lake), ...format, "--until-caught-up"], c.env);
      // Every report (Parquet and JSON) and every table but transactions: the same rows.
      const [a, b] = await Promise.all([lakeDigest(lake), lakeDigest(replay)]);
      for (const digest of [a, b]) {
        delete digest.transactions;
        delete digest.quarantine;
      }
      assert.deepEqual(a, b);
      await assertSameSql(lake, replay, c.env);
      const t = (root: string) =>
        `read_parquet('${root}/transactions/*/*.parquet', hive_partitioning=false)`;
      const q = (root: string) =>
        `read_parquet('${root}/quarantine/*/*.parquet', hive_partitioning=false)`;
      const cols =
        "order_id, user_id, product_id, quantity, unit_price, type, timestamp, country, " +
        "payment_method";
      const rows = await duckdbQuery("", {}, {
        // Transactions without their id: the same multiset.
        extra: `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${t(lake)}
          EXCEPT ALL SELECT ${cols} FROM ${t(replay)})`,
        missing: `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${t(replay)}
          EXCEPT ALL SELECT ${cols} FROM ${t(lake)})`,
        // Ids that differ belong to invoices with a rejected line.
        stray: `SELECT count(*) AS n FROM (SELECT transaction_id, order_id FROM ${t(lake)}
          EXCEPT SELECT transaction_id, order_id FROM ${t(replay)}) d
          WHERE d.order_id NOT IN (SELECT split_part(raw, ',', 1) FROM ${q(replay)})`,
        quarantine: `SELECT (SELECT count(*) FROM ${q(lake)}) AS live,
          (SELECT count(*) FROM ${q(replay)}) AS replay`,
      });
      assert.equal(rows.extra[0].n, 0);
      assert.equal(rows.missing[0].n, 0);
      assert.equal(rows.stray[0].n, 0);
      assert.equal(rows.quarantine[0].live, rows.quarantine[0].replay);
      // consume says what it read; read with another format than produce's, nothing is valid,
      // and it says why (it used to print only "records committed").
      await using wrongDir = await tempDir({ prefix: "live-lake-or-wrong-" });
      const wrong = wrongDir.path;
      const said = await cli(
        [...consumeArgs(c, wrong), "--group", `${c.group}-wrong`, "--until-caught-up"],
        c.env,
      );
      // produce labels each message with its format, so none is misread: each is quarantined.
      assert.match(
        said,
        /transactions: input (\d+) = valid 0 \+ quarantined \1 \(format_mismatch:online-retail /,
      );
      assert.match(
        said,
        /warn: consume: (\d+) of \1 \S+ records were produced with another format \(online-retail\) than this consume's \(shopease\)/,
      );
      const right = await cli(
        [...consumeArgs(c, lake), ...format, "--until-caught-up"], // caught up: it verifies
        c.env,
      );
      assert.match(right, /transactions: input \d+ = valid \d+ \+ quarantined/);
      assert.doesNotMatch(right, /warn: consume: /);
    } finally {
      await deleteTopics(c);
    }
  },
});
