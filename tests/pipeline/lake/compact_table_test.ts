import assert from "node:assert/strict";
import { compactTable } from "../../../pipeline/lake/compact_table.ts";
import { StagedVersion } from "../../../pipeline/lake/lake_versions.ts";
import { writeLiveParts } from "../../../pipeline/lake/write_live_parts.ts";
import { activityRows, snapshotRows, visibleFiles, withLake } from "./live_lake_helpers.ts";

const TOPIC = "shopease.activity";
const range = (first: number, last: number, partition = 0) => ({
  topic: TOPIC,
  partition,
  first,
  last,
});

/** Ten batches of 20 rows on partitions 0 and 1. */
async function smallParts(root: string): Promise<void> {
  for (let b = 0; b < 10; b++) {
    for (const partition of [0, 1]) {
      const rows = activityRows(partition * 1000 + b * 20, 20);
      await writeLiveParts(root, "activity", range(b * 20, b * 20 + 19, partition), rows);
    }
  }
}

Deno.test("compactTable() merges each date's parts of a topic partition into one part spanning their offsets", async () => {
  await withLake(async (root) => {
    await smallParts(root);
    const before = await snapshotRows(root, "activity");
    assert.equal(visibleFiles(root, "activity").length, 40);
    const result = await compactTable(root, "activity");
    assert.deepEqual(result, { partsBefore: 40, partsAfter: 4, rows: 400 });
    assert.deepEqual(visibleFiles(root, "activity"), [
      "date=2024-10-01/part-shopease.activity-p0-o0000000000000000-0000000000000199.parquet",
      "date=2024-10-01/part-shopease.activity-p1-o0000000000000000-0000000000000199.parquet",
      "date=2024-10-02/part-shopease.activity-p0-o0000000000000000-0000000000000199.parquet",
      "date=2024-10-02/part-shopease.activity-p1-o0000000000000000-0000000000000199.parquet",
    ]);
    assert.deepEqual(await snapshotRows(root, "activity"), before);
    // Nothing left to merge: a second run changes nothing.
    assert.deepEqual(await compactTable(root, "activity"), {
      partsBefore: 0,
      partsAfter: 0,
      rows: 0,
    });
  });
});

Deno.test("compactTable() writes the bytes one write of all the rows would", async () => {
  await withLake(async (small) => {
    await withLake(async (whole) => {
      for (let b = 0; b < 5; b++) {
        await writeLiveParts(
          small,
          "activity",
          range(b * 10, b * 10 + 9),
          activityRows(b * 10, 10),
        );
      }
      await compactTable(small, "activity");
      await writeLiveParts(whole, "activity", range(0, 49), activityRows(0, 50));
      for (const path of visibleFiles(whole, "activity")) {
        assert.deepEqual(
          Deno.readFileSync(`${small}/activity/${path}`),
          Deno.readFileSync(`${whole}/activity/${path}`),
          path,
        );
      }
    });
  });
});

Deno.test("compactTable() switches atomically: a snapshot taken before still reads every row once", async () => {
  await withLake(async (root) => {
    await smallParts(root);
    const old = Deno.realPathSync(`${root}/activity`);
    const before = await snapshotRows(root, "activity");
    await compactTable(root, "activity");
    const slash = old.lastIndexOf("/");
    const { readTable } = await import("../../../pipeline/lake/read_table.ts");
    const oldRows = (await readTable(old.slice(0, slash), old.slice(slash + 1)))
      .map((row) => JSON.stringify(row)).sort();
    assert.deepEqual(oldRows, before, "the old version is intact for a reader still on it");
    assert.deepEqual(await snapshotRows(root, "activity"), before);
    assert.notEqual(Deno.realPathSync(`${root}/activity`), old);
  });
});

Deno.test("compactTable() run as `deno task compact` while readers read: no reader sees a row twice or not at all", async () => {
  await withLake(async (root) => {
    await smallParts(root);
    const expected = await snapshotRows(root, "activity");
    const command = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../../main.ts", import.meta.url).pathname,
        "compact",
        "--lake",
        root,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let reads = 0;
    let finished = false;
    const status = command.output().then((out) => {
      finished = true;
      return out;
    });
    while (!finished || reads < 5) {
      assert.deepEqual(await snapshotRows(root, "activity"), expected, `read ${reads}`);
      reads++;
    }
    const out = await status;
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /activity\s+40 live parts → 4 \(400 rows\)/);
    assert.equal(visibleFiles(root, "activity").length, 4);
  });
});

Deno.test("writeLiveParts() after compaction recognizes a range inside a merged part as committed", async () => {
  await withLake(async (root) => {
    await smallParts(root);
    await compactTable(root, "activity");
    const before = await snapshotRows(root, "activity");
    const again = await writeLiveParts(root, "activity", range(40, 59), activityRows(40, 20));
    assert.equal(again.status, "covered");
    await assert.rejects(
      writeLiveParts(root, "activity", range(190, 209), activityRows(190, 20)),
      /holds offsets on both sides/,
    );
    assert.deepEqual(await snapshotRows(root, "activity"), before);
    assert.equal(
      (await writeLiveParts(root, "activity", range(200, 219), activityRows(200, 20))).status,
      "written",
    );
  });
});

Deno.test("compactTable() leaves replay's numbered parts alone", async () => {
  await withLake(async (root) => {
    const stage = new StagedVersion(root, "activity");
    Deno.mkdirSync(`${stage.dir}/date=2024-10-01`);
    Deno.writeTextFileSync(`${stage.dir}/date=2024-10-01/part-00000.parquet`, "replay's part");
    stage.commit();
    await smallParts(root);
    await compactTable(root, "activity");
    assert.equal(
      Deno.readTextFileSync(`${root}/activity/date=2024-10-01/part-00000.parquet`),
      "replay's part",
    );
    assert.equal(visibleFiles(root, "activity").length, 5);
  });
});

Deno.test("compactTable() removes what an earlier compaction left: a killed one's staging, replaced versions", async () => {
  // A compact killed while staging left `v….staging` (with a `.tmp` part) that no later compact
  // removed, and every compaction kept the version it replaced (a 7.4 MB lake grew to 11 MB).
  await withLake(async (root) => {
    await smallParts(root);
    await compactTable(root, "activity");
    const versions = `${root}/.versions/activity`;
    const staging = `${versions}/v000099.staging`;
    Deno.mkdirSync(`${staging}/date=2024-10-01`, { recursive: true });
    Deno.writeFileSync(`${staging}/date=2024-10-01/.part-x.parquet.tmp`, new Uint8Array(8));
    const before = await snapshotRows(root, "activity");
    const names = () => [...Deno.readDirSync(versions)].map((e) => e.name).sort();
    const [replaced, current] = names().filter((n) => /^v\d+$/.test(n));
    // Two minutes on: no reader can still be on the replaced version, nor a writer staging.
    const past = new Date(Date.now() - 120_000);
    for (const dir of [staging, `${versions}/${current}`]) Deno.utimeSync(dir, past, past);
    await writeLiveParts(root, "activity", range(200, 219), activityRows(200, 20));
    await compactTable(root, "activity");
    assert.ok(!names().includes("v000099.staging"), names().join(" "));
    assert.ok(!names().includes(replaced), names().join(" "));
    assert.deepEqual(
      (await snapshotRows(root, "activity")).length,
      before.length + 20,
    );
  });
});
