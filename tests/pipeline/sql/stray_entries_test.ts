/**
 * The table views read what a writer makes (`date=YYYY-MM-DD` and the null partition, `part-*`
 * files) and nothing else a person put in a table's folder: a partition copied aside as
 * `date=….bak` was read too, and counted its rows twice, as if fine.
 */
import assert from "node:assert/strict";
import { LakeSql } from "../../../pipeline/sql/mod.ts";
import { replayedLake, resultObjects, SAMPLE } from "./lake_fixture.ts";

Deno.test("LakeSql's table views skip folders and files no writer made (a date=….bak copy)", async () => {
  const lake = await replayedLake([SAMPLE]);
  const count = async () => {
    const sql = await LakeSql.open(lake);
    try {
      const [result] = await sql.query(
        "SELECT (SELECT count(*) FROM activity) AS activity, " +
          "(SELECT count(*) FROM quarantine WHERE date IS NULL) AS undated",
      );
      return resultObjects(result)[0];
    } finally {
      sql.close();
    }
  };
  const before = await count();
  const version = Deno.realPathSync(`${lake}/activity`);
  const day = [...Deno.readDirSync(version)].map((e) => e.name).sort()[0];
  for (const aside of [`${day}.bak`, `old-${day}`]) {
    const cp = new Deno.Command("cp", { args: ["-r", `${version}/${day}`, `${version}/${aside}`] });
    assert.ok(cp.outputSync().success);
  }
  Deno.copyFileSync(`${version}/${day}/part-00000.parquet`, `${version}/part-00000.parquet`);
  assert.deepEqual(await count(), before);
});
