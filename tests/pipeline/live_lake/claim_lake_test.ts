import assert from "node:assert/strict";
import { claimLake } from "../../../pipeline/live_lake/claim_lake.ts";

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
