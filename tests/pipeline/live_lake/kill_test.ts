/**
 * kill -9 of a live lake instance at three points (after its first part, in the middle of the
 * activity topic, after it wrote reports), each time started again: the lake then equals
 * replay's, no row doubled or lost.
 */
import assert from "node:assert/strict";
import { listLiveParts } from "../../../pipeline/lake/live_part_index.ts";
import {
  assertSameLake,
  cli,
  consumeArgs,
  deleteTopics,
  liveLakeCase,
  replayLake,
  SAMPLE,
  spawnConsume,
} from "./live_lake_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

/** Distinct offset ranges (batches) the lake holds for the activity topic. */
function activityBatches(lake: string): number {
  try {
    return new Set(listLiveParts(lake, "activity").map((p) => `${p.partition}:${p.first}`)).size;
  } catch {
    return 0; // not there yet, or switched while listed
  }
}

/** The version the reports link points to (null before the first). */
function reportsVersion(lake: string): string | null {
  try {
    return Deno.readLinkSync(`${lake}/reports`);
  } catch {
    return null;
  }
}

// 120 s: a group join and 40 batches took close to 60 s on a loaded 2-core CI machine.
async function waitFor(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test({
  name: "kill -9 at three points, restarted each time: the live lake still equals replay",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-kill");
    try {
      const replay = replayLake(c.env);
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      await using temp = await tempDir({ prefix: "live-lake-kill-" });
      const lake = temp.path;
      // Small batches (80 of activity), so the kills land between batches of one run.
      const small = ["--max-records", "500"];
      let reportsAtStart: string | null = null;
      const points: [string, () => boolean][] = [
        ["the first part", () => activityBatches(lake) >= 1],
        ["the middle of the activity topic", () => activityBatches(lake) >= 40],
        ["reports written by this run", () => reportsVersion(lake) !== reportsAtStart],
      ];
      for (const [what, ok] of points) {
        reportsAtStart = reportsVersion(lake);
        const child = spawnConsume(c, lake, small);
        await waitFor(what, ok);
        child.kill("SIGKILL");
        const status = await child.status;
        assert.equal(status.signal, "SIGKILL", `consume ended before the kill at ${what}`);
      }
      await cli([...consumeArgs(c, lake), "--until-caught-up"], c.env);
      await assertSameLake(lake, await replay);
    } finally {
      await deleteTopics(c);
    }
  },
});
