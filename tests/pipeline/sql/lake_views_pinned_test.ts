/**
 * The SQL views read the version each table's link pointed to when they were made: a compaction
 * (or a live commit) that switches the link afterwards changes nothing the views read.
 */
import assert from "node:assert/strict";
import { lakeViews } from "../../../pipeline/sql/lake_views.ts";
import { writeLiveParts } from "../../../pipeline/lake/write_live_parts.ts";
import { compactTable } from "../../../pipeline/lake/compact_table.ts";
import { duckdbQuery } from "../formats/duckdb_query.ts";

Deno.test("views made before a compaction still read every row once after it", async () => {
  const root = Deno.makeTempDirSync();
  try {
    const row = (i: number) => ({
      source: "reviews",
      position: `shopease.reviews/0@${i}`,
      reason: "invalid_rating",
      raw: "",
      eventTime: Date.UTC(2024, 9, 1 + (i % 3)),
    });
    for (let first = 0; first < 40; first += 10) {
      const range = { topic: "shopease.reviews", partition: 0, first, last: first + 9 };
      const rows = Array.from({ length: 10 }, (_, k) => row(first + k));
      await writeLiveParts(root, "quarantine", range, rows);
    }
    const views = await lakeViews(root);
    const quarantine = views.find((v) => v.name === "quarantine")!;
    assert.match(quarantine.ddl, /\.versions\/quarantine\/v\d+/); // the version, not the link
    const count = async () =>
      (await duckdbQuery(quarantine.ddl, {}, {
        n: "SELECT count(*) AS n, count(DISTINCT position) AS d FROM quarantine",
      })).n[0];
    assert.deepEqual(await count(), { n: 40, d: 40 });
    const done = await compactTable(root, "quarantine");
    assert.ok(done.partsBefore > done.partsAfter, JSON.stringify(done));
    // The link now points to the compacted version; the views made before still read the old one.
    assert.deepEqual(await count(), { n: 40, d: 40 });
    const fresh = (await lakeViews(root)).find((v) => v.name === "quarantine")!;
    assert.notEqual(fresh.ddl, quarantine.ddl);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
