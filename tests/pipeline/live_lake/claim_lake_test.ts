import assert from "node:assert/strict";
import { claimLake } from "../../../pipeline/live_lake/claim_lake.ts";
import { readLakeDataset, writeLakeDataset } from "../../../pipeline/lake/lake_dataset.ts";
import { tempDir } from "../../temp_dir.ts";

Deno.test("claimLake: of instances claiming a new lake at once, exactly one finds it new", async () => {
  // Two consume instances starting together raced on one temporary file (one failed with
  // "Cannot write …/_lake.json: No such file or directory") and both cleared the snapshots.
  const root = Deno.makeTempDirSync({ prefix: "claim_lake_test_" });
  try {
    const lake = `${root}/lake`;
    const topics = { activity: "a", reviews: "r" };
    const order: string[] = [];
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        claimLake(lake, "g", topics, async () => {
          order.push(`clear ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 20)); // others wait for the lock
          order.push(`cleared ${i}`);
        }).then((fresh) => {
          order.push(`claimed ${i}`);
          return fresh;
        })),
    );
    assert.deepEqual(claims.filter((fresh) => fresh).length, 1);
    // The one clear ran before any instance had its claim.
    const first = claims.indexOf(true);
    assert.deepEqual(order.slice(0, 3), [`clear ${first}`, `cleared ${first}`, `claimed ${first}`]);
    assert.equal(await claimLake(lake, "g", topics), false);
    await assert.rejects(claimLake(lake, "other", topics), /holds kafka:g \(2 inputs\)/);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("claimLake: refuses ids under another pseudonymization key, and records the key of a lake that had none", async () => {
  // An instance on another machine (whose default key file holds another random key), or a run
  // without the SHOPEASE_ANON_KEY of the others, gave the same users new pseudonyms mid-stream.
  await using dir = await tempDir({ prefix: "claim_lake_key_" });
  const lake = `${dir.path}/lake`;
  const topics = { activity: "a" };
  assert.equal(await claimLake(lake, "g", topics, undefined, "k1"), true);
  assert.equal((await readLakeDataset(lake))?.keyCheck, "k1");
  assert.equal(await claimLake(lake, "g", topics, undefined, "k1"), false);
  await assert.rejects(
    claimLake(lake, "g", topics, undefined, "k2"),
    new RegExp(`^Error: ${lake}/_lake.json: the lake's ids were pseudonymized with another key`),
  );
  assert.equal((await readLakeDataset(lake))?.keyCheck, "k1", "left as it was");
  // A lake from before keys were recorded takes the key of the next run.
  await writeLakeDataset(lake, { format: "kafka:g", inputs: ["kafka:a"] });
  assert.equal(await claimLake(lake, "g", topics, undefined, "k2"), false);
  assert.equal((await readLakeDataset(lake))?.keyCheck, "k2");
});

Deno.test("claimLake: a lake holding tables or reports without _lake.json is refused, unchanged", async () => {
  // A replay's lake whose manifest was lost (or one from before manifests): consume took it for a
  // new lake, exit 0, and its tables held the replay's rows and the stream's together.
  const root = Deno.makeTempDirSync({ prefix: "claim_lake_test_" });
  try {
    for (const unit of ["activity", "reports"]) {
      const lake = `${root}/${unit}-lake`;
      Deno.mkdirSync(`${lake}/${unit}/date=2024-10-01`, { recursive: true });
      Deno.writeTextFileSync(`${lake}/${unit}/date=2024-10-01/part-00000.parquet`, "rows");
      let cleared = false;
      await assert.rejects(
        claimLake(lake, "g", { activity: "a" }, () => Promise.resolve(void (cleared = true))),
        new RegExp(`^Error: ${lake} already holds data of unknown origin .*_lake\\.json`),
      );
      assert.equal(cleared, false, "the snapshots were cleared");
      assert.throws(() => Deno.statSync(`${lake}/_lake.json`), Deno.errors.NotFound);
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
