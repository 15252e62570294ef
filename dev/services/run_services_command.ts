/**
 * `deno task services up|down|status`: the command-line face of the local services.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../../pipeline/options.ts";
import { log } from "../../pipeline/log.ts";
import type { ServicesOptions } from "./service_paths.ts";
import { servicesDown } from "./services_down.ts";
import { servicesStatus } from "./services_status.ts";
import { servicesUp } from "./services_up.ts";

const SPECS: readonly OptionSpec[] = [
  {
    name: "dir",
    kind: "string",
    help: "services folder",
    placeholder: "DIR",
    default: ".services",
  },
  { name: "kafka-port", kind: "int", help: "Kafka client port", min: 1, max: 65535, default: 9092 },
  {
    name: "controller-port",
    kind: "int",
    help: "Kafka controller port",
    min: 1,
    max: 65535,
    default: 9093,
  },
  { name: "redis-port", kind: "int", help: "Redis port", min: 1, max: 65535, default: 6379 },
  { name: "timeout", kind: "duration", help: "start timeout", min: 1000, default: 60_000 },
];

const USAGE =
  "deno task services <up|down|status> [--dir DIR] [--kafka-port N] [--controller-port N] [--redis-port N] [--timeout D]\n" +
  "       deno task services env";
const DESCRIPTION = [
  "Runs a local single-node Kafka 3.9 (KRaft; jars from Maven Central via `mvn`, Java 17) and a",
  "Redis server (`redis-server`) on 127.0.0.1, detached, with data, logs and pid files in --dir.",
  "`up` is idempotent and prints KAFKA_BROKERS=… and REDIS_URL=… for `export`; `down` stops",
  "what `up` started; `status` exits 1 unless both services answer. `env` (no options) prints",
  "KAFKA_BROKERS=… and REDIS_URL=… of the services on the default folder and ports, exit 1 unless",
  'both answer: `eval "$(deno task services env)"`.',
].join("\n");

/**
 * Runs one services subcommand.
 *
 * @param args `up`, `down` or `status`, then options (`--help` for the list)
 * @returns the process exit code: 0 ok, 1 failure (or a service down for `status`)
 * @throws UsageError for an unknown action or a bad option (main.ts prints it in one line, exit 2)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // main.ts: Deno.exit(await runServicesCommand(Deno.args)); here only the help, which starts nothing.
 * assert.equal(await runServicesCommand(["--help"]), 0);
 * ```
 */
export async function runServicesCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, DESCRIPTION, SPECS));
    return 0;
  }
  // A UsageError goes to main.ts, one line and the hint as for every command: the whole help
  // after a message without `error:` buried the message.
  const { values, positionals } = parseOptions(SPECS, args, () => undefined);
  if (positionals.length !== 1 || !["up", "down", "status"].includes(positionals[0])) {
    throw new UsageError(
      `services expects one of up, down, status or env; got ${JSON.stringify(positionals)}`,
    );
  }
  const action = positionals[0];
  const opts: ServicesOptions = {
    dir: values["dir"] === ".services" ? undefined : String(values["dir"]),
    kafkaPort: values["kafka-port"] as number,
    controllerPort: values["controller-port"] as number,
    redisPort: values["redis-port"] as number,
    timeoutMs: values["timeout"] as number,
  };
  try {
    return await run(action, opts);
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

async function run(action: string, opts: ServicesOptions): Promise<number> {
  if (action === "up") {
    const { kafkaBrokers, redisUrl } = await servicesUp(opts);
    console.log(`KAFKA_BROKERS=${kafkaBrokers}\nREDIS_URL=${redisUrl}`);
    return 0;
  }
  if (action === "down") {
    const stopped = await servicesDown(opts);
    console.log(`kafka: ${stopped.kafka}\nredis: ${stopped.redis}`);
    return 0;
  }
  const state = await servicesStatus(opts);
  for (const [name, s] of Object.entries(state)) {
    const pid = s.pid === null ? (s.running ? "(not started by us)" : "") : `pid ${s.pid}`;
    const line = [name.padEnd(6), (s.running ? "running" : "stopped").padEnd(8), s.address, pid];
    console.log(
      `${line.join(" ")}${s.running || s.pid !== null ? `  log ${s.log}` : ""}`.trimEnd(),
    );
  }
  return state.kafka.running && state.redis.running ? 0 : 1;
}
