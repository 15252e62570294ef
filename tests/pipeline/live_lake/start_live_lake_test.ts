/**
 * `deno task start --live-lake DIR` with Kafka and Redis: the console serves reports the live lake
 * computes from the four topics (no backfill), and they are replay's.
 */
import assert from "node:assert/strict";
import { json, start, stop } from "../live/start_fixture.ts";
import { dropPrefix } from "../live/live_fixture.ts";
import { cli, deleteTopics, liveLakeCase, replayLake, SAMPLE } from "./live_lake_fixture.ts";

Deno.test({
  name: "start --live-lake serves the reports the topics give, equal to replay's",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-start");
    const lake = Deno.makeTempDirSync({ prefix: "live-lake-start-" });
    try {
      const replay = replayLake(c.env);
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      const started = await start([
        "--live-lake",
        lake,
        "--topic-prefix",
        c.prefix,
        "--topic",
        `${c.prefix}activity`,
        "--group",
        c.group,
        "--prefix",
        `${c.group}:`,
        // Replay's lateness, so the live lake's quarantine is replay's.
        "--lateness",
        "5m",
      ], c.env);
      try {
        assert.ok(started.lines.some((l) => l.includes(`live from ${c.prefix}*`)));
        const expected = JSON.parse(
          await Deno.readTextFile(`${await replay}/reports/summary.json`),
        );
        const end = Date.now() + 90_000;
        let summary: unknown;
        while (Date.now() < end) {
          const res = await fetch(`${started.url}/api/summary`);
          summary = res.ok ? await res.json() : null;
          if (JSON.stringify(summary) === JSON.stringify(expected[0])) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        assert.deepEqual(summary, expected[0]);
        const top = await json(`${started.url}/api/top_products`);
        const replayTop = JSON.parse(
          await Deno.readTextFile(`${await replay}/reports/top_products.json`),
        );
        assert.ok(Array.isArray(top) && top.length > 0);
        for (const row of top as unknown as Record<string, unknown>[]) {
          assert.ok(replayTop.some((r: unknown) => JSON.stringify(r) === JSON.stringify(row)));
        }
      } finally {
        await stop(started);
      }
    } finally {
      await deleteTopics(c);
      await dropPrefix(c.redisUrl, `${c.group}:`);
      await Deno.remove(lake, { recursive: true }).catch(() => {});
    }
  },
});
