/**
 * The local services for real, on a private pair on spare ports in a temporary folder that goes
 * through start, restart and stop (the services the run was given are never touched).
 * kafkajs (used by the Kafka probe) keeps timers after disconnecting, hence no op sanitizer.
 */
import assert from "node:assert/strict";
import { createClient } from "redis";
import { kafkaAnswers } from "../../../dev/services/kafka_broker.ts";
import { stopRedis } from "../../../dev/services/redis_server.ts";
import { restartKafka, restartRedis } from "../../../dev/services/restart_services.ts";
import { runServicesCommand } from "../../../dev/services/run_services_command.ts";
import { UsageError } from "../../../pipeline/options.ts";
import { DEFAULT_SERVICES_DIR, servicePaths } from "../../../dev/services/service_paths.ts";
import { servicesDown } from "../../../dev/services/services_down.ts";
import { servicesStatus } from "../../../dev/services/services_status.ts";
import { servicesUp } from "../../../dev/services/services_up.ts";
import { sparePorts } from "./own_services.ts";

const relaxed = { sanitizeOps: false, sanitizeResources: false };

Deno.test("the default services are Kafka on 9092 and Redis on 6379, kept in .services/", () => {
  // Only the layout: starting them here would start services on ports the run was not given.
  const paths = servicePaths();
  assert.deepEqual([paths.kafkaPort, paths.redisPort], [9092, 6379]);
  assert.equal(paths.kafkaLog, `${DEFAULT_SERVICES_DIR}/kafka/kafka.log`);
});

/** Counts live processes whose command line names `file`. */
async function brokersUsing(file: string): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = await Deno.readTextFile(`/proc/${entry.name}/cmdline`);
      if (cmdline.includes("kafka.Kafka") && cmdline.includes(file)) count++;
    } catch {
      // The process exited while we looked: not a broker.
    }
  }
  return count;
}

/**
 * Seeds the private folder with the shared jars so the test does not wait for Maven. The shared
 * folder may have none: when `services up` found 9092 and 6379 already answering (a broker
 * started from another checkout on this machine), it reused them and wrote no jars. Then the
 * private start copies them with Maven, offline from `~/.m2`, as `startOwnServices` does.
 */
async function copyJars(dir: string): Promise<void> {
  const shared = servicePaths();
  const mine = servicePaths({ dir });
  try {
    await Deno.stat(shared.libsMarker);
    const jars = await Array.fromAsync(Deno.readDir(shared.libsDir));
    await Deno.mkdir(mine.libsDir, { recursive: true });
    for (const entry of jars) {
      await Deno.copyFile(`${shared.libsDir}/${entry.name}`, `${mine.libsDir}/${entry.name}`);
    }
    await Deno.copyFile(shared.libsMarker, mine.libsMarker);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await Deno.remove(mine.kafkaDir, { recursive: true }).catch(() => {}); // a partial copy
  }
}

Deno.test({
  name:
    "services started by a CLI process outlive it, survive restarts as documented, and stop on down",
  ...relaxed,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "shopease-services-" });
    const [kafkaPort, controllerPort, redisPort] = await sparePorts(3);
    const opts = { dir, kafkaPort, controllerPort, redisPort };
    const flags = [
      "--dir",
      dir,
      "--kafka-port",
      `${kafkaPort}`,
      "--controller-port",
      `${controllerPort}`,
      "--redis-port",
      `${redisPort}`,
    ];
    const cli = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          'import { runServicesCommand } from "./dev/services/run_services_command.ts";' +
          "Deno.exit(await runServicesCommand(Deno.args));",
          ...args,
        ],
        cwd: new URL("../../../", import.meta.url),
      }).output();
    try {
      await copyJars(dir);
      // Two CLIs at once (as parallel test files would): the lock lets only one start a broker.
      const ups = await Promise.all([cli(["up", ...flags]), cli(["up", ...flags])]);
      for (const up of ups) {
        assert.equal(up.code, 0, new TextDecoder().decode(up.stderr));
        assert.equal(
          new TextDecoder().decode(up.stdout),
          `KAFKA_BROKERS=127.0.0.1:${kafkaPort}\nREDIS_URL=redis://127.0.0.1:${redisPort}\n`,
        );
      }
      assert.equal(await brokersUsing(`${dir}/kafka/server.properties`), 1);
      // Idempotent: a second start finds both running and returns at once.
      const started = performance.now();
      assert.deepEqual(await servicesUp(opts), {
        kafkaBrokers: `127.0.0.1:${kafkaPort}`,
        redisUrl: `redis://127.0.0.1:${redisPort}`,
      });
      assert.ok(performance.now() - started < 2_000, "a second servicesUp() waited");
      // The CLI processes have exited; the services they started still answer.
      let state = await servicesStatus(opts);
      assert.equal(state.kafka.running, true);
      assert.equal(state.redis.running, true);
      assert.ok(state.kafka.pid !== null && state.redis.pid !== null);
      const status = await cli(["status", ...flags]);
      assert.equal(status.code, 0);
      assert.match(
        new TextDecoder().decode(status.stdout),
        new RegExp(`kafka +running +127.0.0.1:${kafkaPort} pid ${state.kafka.pid}`),
      );

      // Redis restarts empty; Kafka restarts with its topics.
      const redis = createClient({ url: `redis://127.0.0.1:${redisPort}` });
      await redis.connect();
      await redis.set("k", "v");
      await redis.close();
      const kcat = async (args: string[], input = "") => {
        const child = new Deno.Command("kcat", {
          args: ["-b", `127.0.0.1:${kafkaPort}`, ...args],
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode(input));
        await writer.close();
        const output = await child.output();
        assert.ok(output.success, new TextDecoder().decode(output.stderr));
        return new TextDecoder().decode(output.stdout);
      };
      await kcat(["-P", "-t", "survivor", "-K:"], "k:kept across restarts\n");
      await restartRedis(opts);
      await restartKafka(opts);
      const after = await servicesStatus(opts);
      assert.ok(after.kafka.running && after.redis.running);
      assert.notEqual(after.kafka.pid, state.kafka.pid);
      const reopened = createClient({ url: `redis://127.0.0.1:${redisPort}` });
      await reopened.connect();
      assert.equal(await reopened.get("k"), null);
      await reopened.close();
      assert.match(await kcat(["-L", "-t", "survivor"]), /topic "survivor" with 4 partitions/);
      assert.equal(
        await kcat(["-C", "-t", "survivor", "-e", "-q", "-f", "%k:%s\n"]),
        "k:kept across restarts\n",
      );

      // down with another Redis port than up's stops nothing there and keeps the pid file of the
      // server that runs (it deleted it, and no later down found that server).
      const elsewhere = servicePaths({
        ...opts,
        redisPort: redisPort === 32_000 ? 31_999 : 32_000,
      });
      assert.equal(await stopRedis(elsewhere), "gone");
      await Deno.stat(`${dir}/redis/redis.pid`);
      // Pid files that went missing while the services ran: down still finds and stops them.
      await Deno.remove(`${dir}/redis/redis.pid`);
      await Deno.remove(`${dir}/kafka/kafka.pid`);
      assert.deepEqual(
        [(await servicesStatus(opts)).kafka.pid, (await servicesStatus(opts)).redis.pid],
        [after.kafka.pid, after.redis.pid],
      );
      assert.deepEqual(await servicesDown(opts), { kafka: "terminated", redis: "terminated" });
      state = await servicesStatus(opts);
      assert.deepEqual(
        [state.kafka.running, state.kafka.pid, state.redis.running, state.redis.pid],
        [false, null, false, null],
      );
      assert.equal(await kafkaAnswers(kafkaPort), false);
      assert.deepEqual(await servicesDown(opts), { kafka: "gone", redis: "gone" });
      const stopped = await cli(["status", ...flags]);
      assert.equal(stopped.code, 1);
    } finally {
      await servicesDown(opts);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("runServicesCommand() prints help and throws a UsageError for an unknown action or a bad option", async () => {
  assert.equal(await runServicesCommand(["--help"]), 0);
  await assert.rejects(runServicesCommand(["restart"]), UsageError, 'got ["restart"]');
  await assert.rejects(runServicesCommand(["up", "--kafka-port", "99999"]), UsageError, "99999");
});
