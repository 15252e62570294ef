/**
 * `start`, `simulate` and `consume` with a broker that is not there: kafkajs's retry lines carried
 * JavaScript stacks inside their JSON, and the last line said `error: Connection error: connect
 * ECONNREFUSED …` without saying it was Kafka (`produce` said `Cannot connect to Kafka at …`).
 */
import assert from "node:assert/strict";
import { tempDir } from "../../temp_dir.ts";
import { realServices } from "../../dev/services/real_services.ts";
import { MAIN } from "./start_fixture.ts";

/** Nothing listens here (outside the ephemeral range). */
const NO_BROKER = "127.0.0.1:27998";

async function run(args: string[], env: Record<string, string>): Promise<Deno.CommandOutput> {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { SHOPEASE_LOG_LEVEL: "info", ...env },
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  }).output();
}

function assertNamesKafka(out: Deno.CommandOutput): void {
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 1, stderr);
  const lines = stderr.trimEnd().split("\n");
  assert.match(
    lines.at(-1)!,
    new RegExp(`^error: (simulate: )?Cannot connect to Kafka at ${NO_BROKER}: .*ECONNREFUSED`),
    stderr,
  );
  assert.doesNotMatch(stderr, /"stack"|\\n\s+at |\n\s+at /, "no stack on any line");
}

Deno.test("start with no broker at KAFKA_BROKERS fails in one line naming Kafka and the broker, no stacks", async () => {
  await using temp = await tempDir({ prefix: "start_no_broker_" });
  await Deno.mkdir(`${temp.path}/reports`);
  await Deno.writeTextFile(`${temp.path}/reports/summary.json`, "[]"); // not empty: no backfill
  const { redisUrl: redis } = await realServices();
  assertNamesKafka(
    await run(["start", "--port", "0", "--lake", temp.path], {
      KAFKA_BROKERS: NO_BROKER,
      REDIS_URL: redis,
    }),
  );
});

Deno.test("simulate to a broker that is not there fails in one line naming Kafka and the broker", async () => {
  assertNamesKafka(
    await run(["simulate", "--brokers", NO_BROKER, "--duration", "1s"], {}),
  );
});

Deno.test("consume with no broker fails in one line naming Kafka and the broker", async () => {
  await using temp = await tempDir({ prefix: "consume_no_broker_" });
  const { redisUrl } = await realServices();
  assertNamesKafka(
    await run(["consume", "--lake", `${temp.path}/lake`, "--brokers", NO_BROKER], {
      REDIS_URL: redisUrl,
      SHOPEASE_ANON_KEY: "consume-no-broker-key-0123456789",
    }),
  );
});
