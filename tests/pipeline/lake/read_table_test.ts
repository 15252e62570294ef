import assert from "node:assert/strict";
import { LakeWriter } from "../../../pipeline/lake/lake_writer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import type { QuarantineRow } from "../../../operators/types.ts";

function row(position: string, eventTime: number | null): QuarantineRow {
  return { source: "activity", position, reason: "late", raw: "{}", eventTime };
}

Deno.test("readTable() reads partitions in date order, then part files in number order", async () => {
  const root = Deno.makeTempDirSync({ prefix: "read_table_test_" });
  try {
    const lake = new LakeWriter({ root, maxRowsPerFile: 2 });
    const day = 86_400_000;
    lake.write({
      table: "activity",
      records: [],
      quarantine: [
        row("c", 20 * day),
        row("x", null),
        row("a", 3 * day),
        row("d", 20 * day),
        row("e", 20 * day),
        row("b", 3 * day),
      ],
    });
    lake.close();
    const rows = await readTable(root, "quarantine");
    assert.deepEqual(rows.map((r) => r.position), ["a", "b", "c", "d", "e", "x"]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("readTable() returns no rows for a table that was never written", async () => {
  assert.deepEqual(await readTable("/nonexistent/lake", "activity"), []);
});
