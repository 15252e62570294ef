import assert from "node:assert/strict";
import { listLiveParts } from "../../../pipeline/lake/live_part_index.ts";
import { livePartName } from "../../../pipeline/lake/live_part_name.ts";
import { tempDir } from "../../temp_dir.ts";

Deno.test("listLiveParts() lists the partitions a writer makes, not a person's copy of one", async () => {
  await using temp = await tempDir({ prefix: "live_part_index_test_" });
  const name = livePartName({ topic: "t", partition: 0, first: 0, last: 9 });
  for (const folder of ["date=2025-01-02", "date=2025-01-02.bak", "old-date=2025-01-02"]) {
    await Deno.mkdir(`${temp.path}/activity/${folder}`, { recursive: true });
    await Deno.writeFile(`${temp.path}/activity/${folder}/${name}`, new Uint8Array());
  }
  const parts = listLiveParts(temp.path, "activity");
  assert.deepEqual(parts.map((p) => p.date), ["date=2025-01-02"]);
});
