import assert from "node:assert/strict";
import { lakeCensus } from "../../bench/lake_census.ts";

Deno.test("lakeCensus() counts the live version's parts and folders and the highest version", () => {
  const lake = Deno.makeTempDirSync({ prefix: "lake_census_test_" });
  try {
    const write = (path: string) => {
      Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      Deno.writeFileSync(path, new Uint8Array());
    };
    // An older version's parts do not count; the link names the live one.
    write(`${lake}/.versions/activity/v000001/date=2024-10-01/part-a.parquet`);
    write(`${lake}/.versions/activity/v000002/date=2024-10-01/part-a.parquet`);
    write(`${lake}/.versions/activity/v000002/date=2024-10-01/part-b.parquet`);
    write(`${lake}/.versions/activity/v000002/date=2024-10-02/part-c.parquet`);
    write(`${lake}/.versions/activity/v000002/date=2024-10-02/.part-d.parquet.tmp`);
    Deno.symlinkSync(".versions/activity/v000002", `${lake}/activity`);
    write(`${lake}/.versions/reports/v000007/event_counts/part-00000.parquet`);
    write(`${lake}/.versions/reports/v000007/event_counts.json`);
    Deno.symlinkSync(".versions/reports/v000007", `${lake}/reports`);
    assert.deepEqual(lakeCensus(lake, ["activity", "reports", "reviews"]), [
      { table: "activity", parts: 3, folders: 2, versions: 2 },
      { table: "reports", parts: 1, folders: 1, versions: 7 },
      { table: "reviews", parts: 0, folders: 0, versions: 0 },
    ]);
  } finally {
    Deno.removeSync(lake, { recursive: true });
  }
});
