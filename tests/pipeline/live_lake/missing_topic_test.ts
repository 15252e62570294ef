/**
 * `deno task consume` on input topics that do not exist stops with one line naming them and
 * pointing at `deno task produce`, with `--until-caught-up` too (it asked for the topics' end
 * offsets first and failed with kafkajs's bare "This server does not host this topic-partition").
 */

import assert from "node:assert/strict";
import { SnapshotStore } from "../../../pipeline/live_lake/snapshot_store.ts";
import { liveLakeCase, runConsume } from "./live_lake_fixture.ts";

Deno.test({
  name: "consume, with or without --until-caught-up, names a missing input topic in one line",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("missing");
    const lake = Deno.makeTempDirSync({ prefix: "missing_topic_test_" });
    try {
      for (const extra of [[], ["--until-caught-up"]]) {
        const { code, stderr } = await runConsume(c, lake, extra);
        assert.equal(code, 1, stderr);
        const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
        assert.equal(errors.length, 1, stderr);
        assert.match(errors[0], new RegExp(`${c.prefix}activity \\(activity\\)`), extra.join());
        assert.match(errors[0], /deno task produce/);
      }
    } finally {
      const store = await SnapshotStore.connect(c.redisUrl, `shopease:lake:${c.group}`);
      await store.clear();
      await store.close();
      Deno.removeSync(lake, { recursive: true });
    }
  },
});
