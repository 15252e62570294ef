/**
 * `deno task start` as a user runs it: in-process simulator without services (backfilling an
 * empty lake first), Kafka and Redis with them; console answering; SIGTERM exits 0.
 */
import assert from "node:assert/strict";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { dropPrefix } from "./live_fixture.ts";
import { json, MAIN, start, stop } from "./start_fixture.ts";

Deno.test({
  name:
    "start without services backfills an empty lake, runs the simulator in-process and stops on SIGTERM with 0",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const lake = await Deno.makeTempDir({ prefix: "shopease-start-" });
    try {
      const started = await start(["--lake", lake, "--rate", "200"], {
        KAFKA_BROKERS: "",
        REDIS_URL: "",
      });
      try {
        assert.ok(
          started.lines.some((l) => /source\s+in-process simulator/.test(l)),
          started.lines.join("\n"),
        );
        assert.ok((await Deno.stat(`${lake}/reports/active_users.json`)).isFile, "backfilled");
        assert.equal((await json(`${started.url}/healthz`)).status, "ok");
        let gauges: Record<string, number> = {};
        const deadline = Date.now() + 20_000;
        while (!(gauges.events_in > 0) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          gauges = (await json(`${started.url}/api/gauges`)).gauges as Record<string, number>;
        }
        assert.ok(gauges.events_in > 0, JSON.stringify(gauges));
        assert.equal(gauges.consumer_lag, 0);
        const res = await fetch(`${started.url}/api/active_users?from=2000-01-01T00:00:00Z`);
        assert.ok(Array.isArray(await res.json()));
      } finally {
        await stop(started);
      }
    } finally {
      await Deno.remove(lake, { recursive: true });
    }
  },
});

Deno.test({
  name: "start with Kafka and Redis consumes the topic into Redis and reports its lag",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { kafkaBrokers, redisUrl } = await realServices();
    const lake = await Deno.makeTempDir({ prefix: "shopease-start-" });
    await Deno.mkdir(`${lake}/reports`);
    await Deno.writeTextFile(`${lake}/reports/summary.json`, "[]"); // not empty: no backfill
    const topic = uniqueName("start");
    const prefix = `shopease:${uniqueName("start")}:`;
    const kafka = createKafka(kafkaBrokers.split(","));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const started = await start(
        ["--lake", lake, "--topic", topic, "--group", uniqueName("group"), "--prefix", prefix],
        { KAFKA_BROKERS: kafkaBrokers, REDIS_URL: redisUrl },
      );
      try {
        assert.ok(
          started.lines.some((l) => l.includes(`topic ${topic}`)),
          started.lines.join("\n"),
        );
        assert.ok(started.lines.some((l) => l.includes(`prefix ${prefix}`)));
        let gauges: Record<string, number> = {};
        const deadline = Date.now() + 20_000;
        while (gauges.consumer_lag === undefined && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          gauges = (await json(`${started.url}/api/gauges`)).gauges as Record<string, number>;
        }
        assert.equal(gauges.consumer_lag, 0, JSON.stringify(gauges));
      } finally {
        await stop(started);
      }
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
      await dropPrefix(redisUrl, prefix);
      await Deno.remove(lake, { recursive: true });
    }
  },
});

Deno.test("start with its port taken fails at once, naming the port, before any backfill", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const lake = await Deno.makeTempDir({ prefix: "shopease-start-" });
  try {
    const begun = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "start", "--port", String(taken.addr.port), "--lake", lake],
      env: { KAFKA_BROKERS: "", REDIS_URL: "" },
      stdout: "null",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - begun) / 1000;
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.equal(
      stderr.trim(),
      `error: cannot listen on 127.0.0.1:${taken.addr.port}: the port is already in use (another console? pick one with --port)`,
    );
    assert.ok(seconds < 10, `${seconds} s`); // the backfill alone takes longer
    assert.deepEqual([...Deno.readDirSync(lake)], [], "nothing backfilled");
  } finally {
    taken.close();
    await Deno.remove(lake, { recursive: true });
  }
});
