import assert from "node:assert/strict";
import { claimLake } from "../../../pipeline/live_lake/claim_lake.ts";

Deno.test("claimLake: of instances claiming a new lake at once, exactly one finds it new", async () => {
  // Two consume instances starting together raced on one temporary file (one failed with
  // "Cannot write …/_lake.json: No such file or directory") and both cleared the snapshots.
  const root = Deno.makeTempDirSync({ prefix: "claim_lake_test_" });
  try {
    const lake = `${root}/lake`;
    const topics = { activity: "a", reviews: "r" };
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimLake(lake, "g", topics)));
    assert.deepEqual(claims.filter((fresh) => fresh).length, 1);
    assert.equal(await claimLake(lake, "g", topics), false);
    await assert.rejects(claimLake(lake, "other", topics), /holds kafka:g \(2 inputs\)/);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
