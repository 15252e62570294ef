/**
 * A second Ctrl-C or SIGTERM while a stop waits for a service that went away ends the process at
 * once, in one line. Redis "goes away" behind a proxy the test cuts (the Redis under test keeps
 * serving everyone else). Before, `start` (its listeners removed) died of the second signal
 * without a word, and `consume` ignored every further signal: only `kill -9` ended it.
 */
import assert from "node:assert/strict";
import { exists } from "../../pipeline/lake/lake_fs.ts";
import { settled } from "../fifo_fixture.ts";
import { tcpProxy } from "../net/tcp_proxy.ts";
import { tempDir } from "../temp_dir.ts";
import { uniqueName } from "../dev/services/real_services.ts";
import { dropPrefix } from "../pipeline/live/live_fixture.ts";
import { start } from "../pipeline/live/start_fixture.ts";
import {
  cli,
  deleteTopics,
  liveLakeCase,
  ROOT,
  SAMPLE,
} from "../pipeline/live_lake/live_lake_fixture.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child's status, or null when it still runs after `ms`. */
async function statusWithin(
  child: Deno.ChildProcess,
  ms: number,
): Promise<Deno.CommandStatus | null> {
  const outcome = await settled(child.status, ms);
  return outcome === "timed out" ? null : (outcome as { value: Deno.CommandStatus }).value;
}

function redisTarget(url: string): { hostname: string; port: number } {
  const parsed = new URL(url);
  return { hostname: parsed.hostname, port: Number(parsed.port || 6379) };
}

Deno.test({
  name:
    "start whose stop waits for a Redis gone away exits at once on a second SIGINT, saying so (130)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("stop-twice-start");
    const proxy = tcpProxy(redisTarget(c.redisUrl));
    await using temp = await tempDir({ prefix: "stop_twice_start_" });
    await Deno.mkdir(`${temp.path}/reports`);
    await Deno.writeTextFile(`${temp.path}/reports/summary.json`, "[]"); // not empty: no backfill
    const prefix = `shopease:${uniqueName("stop-twice")}:`;
    const started = await start(
      [
        "--lake",
        temp.path,
        "--topic",
        `${c.prefix}activity`,
        "--group",
        c.group,
        "--prefix",
        prefix,
      ],
      { KAFKA_BROKERS: c.kafkaBrokers, REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
    );
    const said = () => started.lines.join("\n");
    try {
      proxy.cut();
      await sleep(500);
      started.child.kill("SIGINT");
      assert.equal(await statusWithin(started.child, 3_000), null, `the stop waits:\n${said()}`);
      started.child.kill("SIGINT");
      const status = await statusWithin(started.child, 10_000);
      assert.notEqual(status, null, `a second SIGINT ends it:\n${said()}`);
      assert.equal(status!.code, 130, said());
      await sleep(100); // the last line through the pipe
      assert.ok(
        started.lines.some((line) =>
          line.startsWith("start: SIGINT again: exiting without waiting for the stop to finish")
        ),
        said(),
      );
    } finally {
      proxy.cut();
      try {
        started.child.kill("SIGKILL");
      } catch { /* gone */ }
      await started.child.status;
      await dropPrefix(c.redisUrl, prefix);
      await deleteTopics(c);
    }
  },
});

Deno.test({
  name:
    "consume whose stop waits for a Redis gone away exits at once on a second SIGTERM, saying so (143)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("stop-twice-consume");
    const proxy = tcpProxy(redisTarget(c.redisUrl));
    await using temp = await tempDir({ prefix: "stop_twice_consume_" });
    const lake = `${temp.path}/lake`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "main.ts",
        "consume",
        "--lake",
        lake,
        "--topic-prefix",
        c.prefix,
        "--group",
        c.group,
        "--redis",
        `redis://127.0.0.1:${proxy.port}`,
        // Small batches: the cut lands while batches still wait to be committed.
        "--max-records",
        "300",
      ],
      cwd: ROOT,
      env: c.env,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = child.output();
    try {
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      const deadline = Date.now() + 60_000;
      while (!exists(`${lake}/reports`)) {
        assert.ok(Date.now() < deadline, "consume wrote no reports in 60 s");
        await sleep(50);
      }
      proxy.cut();
      await sleep(500);
      child.kill("SIGTERM");
      const early = await statusWithin(child, 3_000);
      if (early !== null) {
        const out = await output;
        const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.fail(`the stop should wait for Redis; exit ${early.code}:\n${said}`);
      }
      child.kill("SIGTERM");
      const status = await statusWithin(child, 10_000);
      assert.notEqual(status, null, "a second SIGTERM ends it");
      const out = await output;
      const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 143, said);
      assert.match(said, /consume: SIGTERM: stopping \(a second Ctrl-C or SIGTERM exits at once\)/);
      assert.match(said, /consume: SIGTERM again: exiting without waiting for the stop to finish/);
    } finally {
      proxy.cut();
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      await output;
      await deleteTopics(c);
    }
  },
});
