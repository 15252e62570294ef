import assert from "node:assert/strict";
import { fileSource } from "../../../pipeline/sources/file_source.ts";
import { sourceNames } from "../../../pipeline/sources/source_names.ts";

Deno.test("sourceNames adds folders only where base names are shared, as many as tell them apart", () => {
  const names = sourceNames([
    "/in/2024/shopA/activity.csv",
    "/in/2025/shopA/activity.csv",
    "/in/shopB/activity.csv",
    "/in/shopB/reviews.json",
    "activity.csv",
  ]);
  assert.deepEqual([...names.values()], [
    "2024/shopA/activity.csv",
    "2025/shopA/activity.csv",
    "shopB/activity.csv",
    "reviews.json",
    "activity.csv",
  ]);
  assert.deepEqual([...sourceNames(["/a.csv", "/a.csv"]).values()], ["a.csv"]);
});

Deno.test("fileSource: files of one name in two folders give positions that name each file", async () => {
  // Both quarantine rows said `activity.csv:line 3`, and the event ids derived from positions
  // repeated.
  const dir = Deno.makeTempDirSync({ prefix: "source_names_test_" });
  try {
    const rows = "event_time,event_type,product_id,user_id\n" +
      "2024-10-01T00:00:00Z,view,p1,u1\n" + "2024-10-01T00:00:01Z,view\n";
    const paths = [`${dir}/shopA/activity.csv`, `${dir}/shopB/activity.csv`];
    for (const path of paths) {
      Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")));
      Deno.writeTextFileSync(path, rows);
    }
    const positions: string[] = [];
    for await (const batch of fileSource({ table: "activity", paths })) {
      positions.push(...batch.records.map((r) => r.position));
      positions.push(...batch.quarantine.map((q) => `${q.position} ${q.reason}`));
    }
    assert.deepEqual(positions.sort(), [
      "shopA/activity.csv:line 2",
      "shopA/activity.csv:line 3, byte 73 malformed_csv",
      "shopB/activity.csv:line 2",
      "shopB/activity.csv:line 3, byte 73 malformed_csv",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
