import assert from "node:assert/strict";
import { dirname } from "node:path";
import { LakeSql } from "../../../pipeline/sql/mod.ts";
import { replayedLake, SAMPLE } from "./lake_fixture.ts";

// A second ecosystem reads the lake as typed as DuckDB does: pyarrow (when installed; CI's
// machine may lack it, `pip install pyarrow` enables the test).
const hasPyarrow = (await new Deno.Command("python3", {
  args: ["-c", "import pyarrow"],
  stdout: "null",
  stderr: "null",
}).output().catch(() => ({ success: false }))).success;

const SCRIPT = `
import json, sys
import pyarrow as pa, pyarrow.dataset as ds
lake = sys.argv[1]
part = ds.partitioning(pa.schema([("date", pa.date32())]), flavor="hive")
t = ds.dataset(lake + "/transactions", format="parquet", partitioning=part).to_table()
q = ds.dataset(lake + "/quarantine", format="parquet", partitioning=part).to_table()
by_type = t.group_by("type").aggregate([("unit_price", "sum")]).sort_by("type")
print(json.dumps({
  "unit_price": str(t.schema.field("unit_price").type),
  "type": str(t.schema.field("type").type),
  "date": str(q.schema.field("date").type),
  "null_dates": q.column("date").null_count,
  "sums": [[k, str(v)] for k, v in zip(by_type.column("type").to_pylist(),
                                         by_type.column("unit_price_sum").to_pylist())],
}))
`;

Deno.test({
  name: "pyarrow reads DECIMAL money, string (not dictionary) columns it can group by, NULL dates",
  ignore: !hasPyarrow,
  async fn() {
    const lake = await replayedLake([SAMPLE]);
    const sql = await LakeSql.open(lake);
    try {
      const out = await new Deno.Command("python3", {
        args: ["-c", SCRIPT, lake],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const got = JSON.parse(new TextDecoder().decode(out.stdout));
      assert.equal(got.unit_price, "decimal128(18, 6)");
      assert.equal(got.type, "string");
      assert.equal(got.date, "date32[day]");
      assert.ok(got.null_dates > 0);
      const [sums] = await sql.query(
        "SELECT type, sum(unit_price)::VARCHAR FROM transactions GROUP BY type ORDER BY type",
      );
      assert.deepEqual(got.sums, sums.rows);
    } finally {
      sql.close();
      await Deno.remove(dirname(lake), { recursive: true });
    }
  },
});
