import assert from "node:assert/strict";
import { VERSIONS_DIR } from "../../../pipeline/lake/lake_versions.ts";
import { committedRanges } from "../../../pipeline/lake/live_part_index.ts";
import { LivePartConflictError, writeLiveParts } from "../../../pipeline/lake/write_live_parts.ts";
import { activityRows, snapshotRows, visibleFiles, withLake } from "./live_lake_helpers.ts";

const TOPIC = "shopease.activity";
const range = (first: number, last: number, partition = 0) => ({
  topic: TOPIC,
  partition,
  first,
  last,
});

function versions(root: string): string[] {
  return [...Deno.readDirSync(`${root}/${VERSIONS_DIR}/activity`)].map((e) => e.name).sort();
}

Deno.test("writeLiveParts() writes one part per date, named by the batch's offset range", async () => {
  await withLake(async (root) => {
    const result = await writeLiveParts(root, "activity", range(100, 199), activityRows(100, 100));
    assert.equal(result.status, "written");
    assert.deepEqual(result.parts, [
      "date=2024-10-01/part-shopease.activity-p0-o0000000000000100-0000000000000199.parquet",
      "date=2024-10-02/part-shopease.activity-p0-o0000000000000100-0000000000000199.parquet",
    ]);
    assert.deepEqual(visibleFiles(root, "activity"), result.parts);
    assert.equal((await snapshotRows(root, "activity")).length, 100);
    // The table is a link to a complete version, as replay's tables are.
    assert.ok(Deno.lstatSync(`${root}/activity`).isSymlink);
  });
});

Deno.test("writeLiveParts() is deterministic: the same rows give the same bytes in any lake", async () => {
  await withLake(async (a) => {
    await withLake(async (b) => {
      await writeLiveParts(a, "activity", range(0, 49), activityRows(0, 50));
      await writeLiveParts(b, "activity", range(0, 49), activityRows(0, 50));
      for (const path of visibleFiles(a, "activity")) {
        assert.deepEqual(
          Deno.readFileSync(`${a}/activity/${path}`),
          Deno.readFileSync(`${b}/activity/${path}`),
          path,
        );
      }
    });
  });
});

Deno.test("writeLiveParts() of a committed range with the same rows changes nothing", async () => {
  await withLake(async (root) => {
    await writeLiveParts(root, "activity", range(0, 49), activityRows(0, 50));
    const before = versions(root);
    const files = visibleFiles(root, "activity");
    const again = await writeLiveParts(root, "activity", range(0, 49), activityRows(0, 50));
    assert.equal(again.status, "unchanged");
    assert.deepEqual(versions(root), before, "no new version");
    assert.deepEqual(visibleFiles(root, "activity"), files);
    assert.equal((await snapshotRows(root, "activity")).length, 50);
  });
});

Deno.test("writeLiveParts() after the table's link was removed keeps every row committed before", async () => {
  // `rm lake/activity` while consume ran: its next part made a table of that part alone (the
  // rows before it gone from the table, still counted by the reports), with exit 0.
  await withLake(async (root) => {
    await writeLiveParts(root, "activity", range(0, 49), activityRows(0, 50));
    await writeLiveParts(root, "activity", range(50, 99), activityRows(50, 50));
    Deno.removeSync(`${root}/activity`);
    const result = await writeLiveParts(root, "activity", range(100, 149), activityRows(100, 50));
    assert.equal(result.status, "written");
    assert.equal((await snapshotRows(root, "activity")).length, 150);
    assert.ok(Deno.lstatSync(`${root}/activity`).isSymlink);
  });
});

Deno.test("writeLiveParts() refuses a range that straddles a committed part, leaving the lake as it was", async () => {
  await withLake(async (root) => {
    await writeLiveParts(root, "activity", range(0, 49), activityRows(0, 50));
    const before = await snapshotRows(root, "activity");
    await assert.rejects(
      writeLiveParts(root, "activity", range(40, 89), activityRows(40, 50)),
      (error: Error) => {
        assert.ok(error instanceof LivePartConflictError);
        assert.match(
          error.message,
          /p0-o0000000000000000-0000000000000049\.parquet holds offsets on both sides/,
        );
        assert.match(error.message, /offsets 40-89/);
        return true;
      },
    );
    assert.deepEqual(await snapshotRows(root, "activity"), before);
    // Another partition's offsets are independent.
    const other = await writeLiveParts(root, "activity", range(40, 89, 1), activityRows(40, 50));
    assert.equal(other.status, "written");
  });
});

Deno.test("writeLiveParts() refuses a committed range with other rows (a nondeterministic rerun)", async () => {
  await withLake(async (root) => {
    await writeLiveParts(root, "activity", range(0, 49), activityRows(0, 50));
    const changed = activityRows(0, 50);
    changed[4].eventType = "cart"; // a row of Oct 1
    await assert.rejects(
      writeLiveParts(root, "activity", range(0, 49), changed),
      /date=2024-10-01\/part-shopease\.activity-p0-o0000000000000000-0000000000000049\.parquet has other rows/,
    );
    const fewer = activityRows(0, 50).filter((row) => row.eventTime < Date.UTC(2024, 9, 2));
    await assert.rejects(
      writeLiveParts(root, "activity", range(0, 49), fewer),
      /holds rows of a date the batch has none of/,
    );
  });
});

Deno.test("writeLiveParts() from writers in several processes keeps every part (the table lock)", async () => {
  await withLake(async (root) => {
    const child = new URL("./live_writer_child.ts", import.meta.url).pathname;
    const runs = [0, 1, 2, 3].map((partition) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", child, root, String(partition), "15"],
        stdout: "inherit",
        stderr: "inherit",
      }).output()
    );
    for (const run of await Promise.all(runs)) assert.equal(run.code, 0);
    // 4 writers × 15 batches × 2 dates: a switch that dropped another writer's part shows here.
    assert.equal(visibleFiles(root, "activity").length, 120);
    assert.equal((await snapshotRows(root, "activity")).length, 600);
  });
});

Deno.test("writeLiveParts() with no rows writes nothing; committedRanges() lists each range once", async () => {
  await withLake(async (root) => {
    assert.deepEqual(await writeLiveParts(root, "activity", range(0, 9), []), {
      status: "empty",
      parts: [],
    });
    await writeLiveParts(root, "activity", range(10, 19), activityRows(10, 10));
    const quarantine = [
      {
        source: TOPIC,
        position: `${TOPIC}/0@25`,
        reason: "malformed_json",
        raw: "",
        eventTime: null,
      },
    ];
    await writeLiveParts(root, "quarantine", range(20, 29), quarantine);
    assert.deepEqual(
      committedRanges(root, ["activity", "quarantine"], TOPIC, 0).map((r) => [r.first, r.last]),
      [[10, 19], [20, 29]],
    );
    assert.deepEqual(visibleFiles(root, "quarantine"), [
      "date=__HIVE_DEFAULT_PARTITION__/part-shopease.activity-p0-o0000000000000020-0000000000000029.parquet",
    ]);
  });
});

Deno.test("DuckDB reads the live parts with their date partitions", async () => {
  await withLake(async (root) => {
    await writeLiveParts(root, "activity", range(0, 99), activityRows(0, 100));
    await writeLiveParts(root, "activity", range(100, 149), activityRows(100, 50));
    const script = `
import duckdb, sys
rows = duckdb.sql("""SELECT date, count(*), sum(price)::VARCHAR, count(DISTINCT event_id)
  FROM read_parquet('${root}/activity/*/part-*.parquet', hive_partitioning = true,
  hive_types = {'date': DATE}) GROUP BY date ORDER BY date""").fetchall()
print(rows)`;
    const out = await new Deno.Command("python3", { args: ["-c", script], stdout: "piped" })
      .output();
    assert.equal(out.code, 0);
    const text = new TextDecoder().decode(out.stdout).trim();
    // Even offsets on Oct 1, odd ones on Oct 2: 75 each; prices 10.00 … 10.04 summed exactly.
    const sum = (parity: number) => {
      let cents = 0;
      for (let o = parity; o < 150; o += 2) cents += 1000 + (o % 5);
      return (cents / 100).toFixed(6);
    };
    assert.equal(
      text,
      `[(datetime.date(2024, 10, 1), 75, '${sum(0)}', 75), (datetime.date(2024, 10, 2), 75, '${
        sum(1)
      }', 75)]`,
    );
  });
});
