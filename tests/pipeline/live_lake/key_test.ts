/**
 * One lake, one pseudonymization key. A `consume` with another key than the lake's (an instance
 * on another machine, whose default key file holds another random key; a run without the
 * `SHOPEASE_ANON_KEY` the others had) gave the same users new pseudonyms mid-stream: distinct
 * users counted twice, sessions and purchases no longer joined, without a word.
 */
import assert from "node:assert/strict";
import { replayChild } from "../../hostile/run_replay.ts";
import { tempDir } from "../../temp_dir.ts";
import { cli, deleteTopics, liveLakeCase, runConsume, SAMPLE } from "./live_lake_fixture.ts";

Deno.test({
  name:
    "consume refuses a live lake whose ids were pseudonymized with another key, in one line, and leaves it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-key");
    await using temp = await tempDir({ prefix: "live-lake-key-" });
    const lake = `${temp.path}/lake`;
    try {
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      const first = await runConsume(c, lake, ["--until-caught-up"]);
      assert.equal(first.code, 0, first.stderr);
      const manifest = await Deno.readTextFile(`${lake}/_lake.json`);
      const reports = await Deno.readLink(`${lake}/reports`);
      const other = { ...c.env, SHOPEASE_ANON_KEY: "another-key-of-this-lake-0123456789" };
      const refused = await runConsume(c, lake, ["--until-caught-up"], other);
      assert.equal(refused.code, 1, refused.stderr);
      const errors = refused.stderr.split("\n").filter((line) => line.startsWith("error:"));
      assert.deepEqual(errors, [
        `error: ${lake}/_lake.json: the lake's ids were pseudonymized with another key than ` +
        "this run's, so its users would get new pseudonyms mid-stream; run with the lake's key " +
        "(SHOPEASE_ANON_KEY, or the key file of the run that made it), or give this key its own " +
        "--lake",
      ]);
      assert.equal(await Deno.readTextFile(`${lake}/_lake.json`), manifest);
      assert.equal(await Deno.readLink(`${lake}/reports`), reports);
      // With the lake's key it goes on.
      const again = await runConsume(c, lake, ["--until-caught-up"]);
      assert.equal(again.code, 0, again.stderr);
    } finally {
      await deleteTopics(c);
    }
  },
});

Deno.test("replay with another key than the lake's rewrites it in place and says that every pseudonym changes", async () => {
  await using temp = await tempDir({ prefix: "replay-key-" });
  const lake = `${temp.path}/lake`;
  const run = { inputs: [`${SAMPLE}/reviews.json`], lake, timeoutMs: 60_000 };
  const first = await replayChild(run, { SHOPEASE_LOG_LEVEL: "info" });
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /another key/);
  const rekeyed = await replayChild(run, {
    SHOPEASE_LOG_LEVEL: "info",
    SHOPEASE_ANON_KEY: "another-key-of-this-lake-0123456789",
  });
  assert.equal(rekeyed.code, 0, rekeyed.stderr);
  assert.match(
    rekeyed.stderr,
    new RegExp(`replay: ${lake}'s ids were pseudonymized with another key: this replay rewrites`),
  );
});
