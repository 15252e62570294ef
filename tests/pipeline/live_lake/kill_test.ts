/**
 * kill -9 of a live lake instance at three points (after its first part, in the middle of the
 * activity topic, after its reports were written), each time started again: the lake then equals
 * replay's, no row doubled or lost.
 */
import assert from "node:assert/strict";
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

/** Live parts of a table the lake shows now. */
function partCount(lake: string, table: string): number {
  let n = 0;
  try {
    for (const date of Deno.readDirSync(`${lake}/${table}`)) {
      for (const file of Deno.readDirSync(`${lake}/${table}/${date.name}`)) {
        if (file.name.startsWith("part-")) n++;
      }
    }
  } catch {
    // Not there yet.
  }
  return n;
}

function hasReports(lake: string): boolean {
  try {
    return Deno.statSync(`${lake}/reports/summary.json`).isFile;
  } catch {
    return false;
  }
}

async function waitFor(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
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
      const lake = Deno.makeTempDirSync({ prefix: "live-lake-kill-" });
      const points: [string, () => boolean][] = [
        ["the first part", () => partCount(lake, "activity") >= 1],
        ["half the activity parts", () => partCount(lake, "activity") >= 600],
        ["written reports", () => hasReports(lake)],
      ];
      for (const [what, ok] of points) {
        const child = spawnConsume(c, lake);
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
