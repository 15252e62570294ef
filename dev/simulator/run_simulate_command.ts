/**
 * `deno task simulate`: live simulated clickstream into Kafka, or NDJSON on stdout without Kafka.
 *
 * @module
 */

import { createKafka } from "../../pipeline/kafka/create_kafka.ts";
import { log } from "../../pipeline/log.ts";
import {
  formatHelp,
  noPositionals,
  type OptionSpec,
  parseDuration,
  parseOptions,
  UsageError,
} from "../../pipeline/options.ts";
import { runSimulator } from "./run_simulator.ts";
import type { SimulatedEvent, SpikeSpec } from "./simulate_events.ts";
import type { EventType } from "../../operators/types.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";

const SPECS: readonly OptionSpec[] = [
  // Above it the producer falls behind: 10⁹/s ignored --duration and ran out of memory.
  {
    name: "rate",
    kind: "number",
    help: "mean events per second",
    min: 0.001,
    max: 100_000,
    default: 50,
  },
  { name: "users", kind: "int", help: "distinct shoppers", min: 1, default: 1000 },
  {
    name: "duration",
    kind: "duration",
    help: "how long to run, e.g. 60s or 5m; 0 runs until Ctrl-C",
    min: 0,
    default: 0,
  },
  {
    name: "spike",
    kind: "string",
    help: "burst of one type, TYPE:FACTOR@OFFSET[+LENGTH], e.g. purchase:5@2m+3m (LENGTH 2m)",
    placeholder: "SPEC",
  },
  { name: "seed", kind: "int", help: "traffic seed (default: from the clock)", min: 0 },
  { name: "topic", kind: "string", help: "Kafka topic", default: "shopease.activity" },
  {
    name: "brokers",
    kind: "string",
    env: "KAFKA_BROKERS",
    help: "Kafka brokers host:port[,…]; without them events go to stdout as NDJSON",
    placeholder: "LIST",
  },
];

const USAGE = "deno task simulate [options]";
const DESCRIPTION = [
  "Plays a realistic clickstream (sessions, views, carts, purchases) in real time. With Kafka",
  "brokers it produces JSON events keyed by user_id; otherwise it prints one JSON event per line.",
].join("\n");

const SPIKE = /^([a-z_]+):(\d+(?:\.\d+)?)@([^+]+)(?:\+(.+))?$/;

/**
 * Parses a spike specification `TYPE:FACTOR@OFFSET[+LENGTH]`.
 *
 * @param text e.g. `purchase:5@2m+3m` (purchases ×5 from minute 2 for 3 minutes)
 * @returns the spike
 * @throws UsageError naming the text when it does not parse
 * @example parseSpike("view:3@30s") // { eventType: "view", factor: 3, at: 30000, minutes: 2 }
 */
export function parseSpike(text: string): SpikeSpec {
  const m = SPIKE.exec(text.trim());
  const at = m ? parseDuration(m[3]) : NaN;
  const length = m?.[4] === undefined ? 120_000 : parseDuration(m[4]);
  const factor = m ? Number(m[2]) : NaN;
  if (
    !m || !EVENT_TYPES.includes(m[1] as EventType) || !(factor > 1) || !(at >= 0) || !(length > 0)
  ) {
    throw new UsageError(
      `--spike expects TYPE:FACTOR@OFFSET[+LENGTH] with TYPE one of ${EVENT_TYPES.join(", ")} ` +
        `and FACTOR > 1, e.g. purchase:5@2m+3m; got ${JSON.stringify(text)}`,
    );
  }
  return { eventType: m[1] as EventType, factor, at, minutes: length / 60_000 };
}

/**
 * Runs the simulator from command-line arguments; Ctrl-C stops it cleanly.
 *
 * @param args options (`--help` lists them)
 * @returns the process exit code: 0 ok, 1 failure, 2 usage
 */
export async function runSimulateCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, DESCRIPTION, SPECS));
    return 0;
  }
  // A UsageError goes to main.ts, which prints it in one line as for every command (exit 2).
  const parsed = parseOptions(SPECS, args);
  noPositionals("simulate", parsed.positionals);
  const values: Record<string, unknown> = parsed.values;
  const spike: SpikeSpec | undefined = values.spike === undefined
    ? undefined
    : parseSpike(String(values.spike));
  const abort = new AbortController();
  const stop = () => abort.abort();
  Deno.addSignalListener("SIGINT", stop);
  const brokers = values.brokers ? String(values.brokers).split(",") : [];
  const encoder = new TextEncoder();
  const print = (events: SimulatedEvent[]) => {
    let text = "";
    for (const event of events) text += JSON.stringify(event) + "\n";
    Deno.stdout.writeSync(encoder.encode(text));
  };
  try {
    const duration = values.duration as number;
    const summary = await runSimulator({
      kafka: brokers.length > 0 ? createKafka(brokers) : undefined,
      onEvents: brokers.length > 0 ? undefined : print,
      topic: String(values.topic),
      rate: values.rate as number,
      users: values.users as number,
      durationMs: duration === 0 ? Infinity : duration,
      seed: values.seed as number | undefined,
      spike,
      signal: abort.signal,
    });
    const where = brokers.length > 0 ? `topic ${values.topic} on ${brokers.join(",")}` : "stdout";
    log.info(`simulate: ${summary.events} events to ${where} (seed ${summary.seed})`);
    return 0;
  } catch (error) {
    log.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
  }
}
