/**
 * The live lake equals replay: `data/sample` produced into the four topics and consumed live
 * gives every clean table and report of `deno task replay --input data/sample`, with one
 * instance and with two instances in one group.
 */
import assert from "node:assert/strict";
import {
  assertSameLake,
  assertSameSql,
  cli,
  consumeArgs,
  deleteTopics,
  liveLakeCase,
  replayLake,
  runConsume,
  SAMPLE,
} from "./live_lake_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

Deno.test({
  name: "data/sample produced and consumed live equals its replay (one instance, then two)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const c = await liveLakeCase("lake-eq");
    try {
      const replay = replayLake(c.env);
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      await t.step("one instance", async () => {
        await using temp = await tempDir({ prefix: "live-lake-" });
        const lake = temp.path;
        await cli([...consumeArgs(c, lake), "--until-caught-up"], c.env);
        await assertSameLake(lake, await replay);
        await assertSameSql(lake, await replay, c.env);
        // Another key gives other pseudonyms: refused before a message is read, one line, exit 1.
        const out = await runConsume(c, lake, ["--until-caught-up"], {
          ...c.env,
          SHOPEASE_ANON_KEY: "another key, not the lake's 0123456789",
        });
        const stderr = out.stderr;
        assert.equal(out.code, 1, stderr);
        const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
        assert.equal(errors.length, 1, stderr);
        assert.match(errors[0], /pseudonymized with another key than this run.s/);
        assert.doesNotMatch(stderr, /\n\s+at /); // no stack
        await assertSameLake(lake, await replay); // and the lake is as it was
      });
      await t.step("two instances in one group", async () => {
        await using temp = await tempDir({ prefix: "live-lake-2-" });
        const lake = temp.path;
        const two = { ...c, group: `${c.group}-two` };
        const args = [...consumeArgs(two, lake), "--until-caught-up"];
        await Promise.all([cli(args, c.env), cli(args, c.env)]);
        await assertSameLake(lake, await replay);
        // Compacted, then read again from offset 0 by a new process: every batch is covered.
        await cli(["compact", "--lake", lake], c.env);
        await cli(args, c.env);
        await assertSameLake(lake, await replay);
      });
    } finally {
      await deleteTopics(c);
    }
  },
});
