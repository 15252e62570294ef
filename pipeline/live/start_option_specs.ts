/**
 * The options of `deno task start`: flags, environment variables, defaults and help
 * (`start_options.ts` parses them).
 *
 * @module
 */

import { ANALYTICS_OPTIONS } from "../graph/mod.ts";
import type { OptionSpec } from "../options.ts";

/** Default allowed lateness of the live pipeline: 30 s (replay's default is 5 minutes). */
export const LIVE_LATENESS = "30s";

/** Default idle timeout: a partition without messages this long stops holding the global watermark back. */
export const DEFAULT_IDLE_TIMEOUT = "10s";

/** The options of `start`. */
export const START_OPTIONS: OptionSpec[] = [
  {
    name: "port",
    kind: "int",
    min: 0,
    max: 65535,
    help: "console port (0: any free one)",
    env: "SHOPEASE_PORT",
    default: 8080,
  },
  {
    name: "host",
    kind: "string",
    placeholder: "HOST",
    help: "address to bind; not loopback needs SHOPEASE_TOKEN",
    env: "SHOPEASE_HOST",
    default: "127.0.0.1",
  },
  {
    name: "allow-host",
    kind: "list",
    placeholder: "NAME",
    help:
      "also accept this Host (name or name:port) beside loopback and --host, e.g. the machine's address or DNS name with --host 0.0.0.0; repeatable, comma-separated in the env",
    env: "SHOPEASE_ALLOW_HOSTS",
  },
  {
    name: "max-connections",
    kind: "int",
    min: 1,
    help:
      "most console connections at once; more get 503 (default: what the open-file limit allows, at most 1024)",
    env: "SHOPEASE_MAX_CONNECTIONS",
  },
  {
    name: "header-timeout",
    kind: "duration",
    min: 100,
    placeholder: "DURATION",
    help: "a console connection that has not sent its request headers by then is closed",
    env: "SHOPEASE_HEADER_TIMEOUT",
    default: "10s",
  },
  {
    name: "http-idle-timeout",
    kind: "duration",
    min: 1000,
    placeholder: "DURATION",
    help:
      "a console connection silent both ways this long is closed (event streams send a heartbeat every 15s)",
    env: "SHOPEASE_HTTP_IDLE_TIMEOUT",
    default: "60s",
  },
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "lake folder; a generated 13-month history is backfilled when it has no reports",
    env: "SHOPEASE_LAKE",
    default: "./lake",
  },
  {
    name: "live-lake",
    kind: "string",
    placeholder: "DIR",
    help:
      "with Kafka: also run the whole graph over the four input topics into this lake (as deno task consume) and serve its reports instead of --lake's",
    env: "SHOPEASE_LIVE_LAKE",
  },
  {
    name: "topic-prefix",
    kind: "string",
    allowEmpty: true,
    placeholder: "TEXT",
    help: "with --live-lake: topics <prefix>activity, <prefix>transactions, …",
    default: "shopease.",
  },
  {
    name: "brokers",
    kind: "string",
    placeholder: "LIST",
    help: "Kafka brokers host:port[,…]; with --redis, consume Kafka into Redis",
    env: "KAFKA_BROKERS",
  },
  {
    name: "redis",
    kind: "string",
    placeholder: "URL",
    help: "Redis URL, e.g. redis://127.0.0.1:6379",
    env: "REDIS_URL",
  },
  {
    name: "topic",
    kind: "string",
    help: "Kafka topic",
    env: "SHOPEASE_TOPIC",
    default: "shopease.activity",
  },
  {
    name: "group",
    kind: "string",
    help: "Kafka consumer group (also the key of stored progress)",
    env: "SHOPEASE_GROUP",
    default: "shopease",
  },
  {
    name: "prefix",
    kind: "string",
    allowEmpty: true,
    help: "Redis key prefix",
    env: "SHOPEASE_REDIS_PREFIX",
    default: "shopease:",
  },
  {
    name: "from-beginning",
    kind: "boolean",
    help:
      "a partition with no stored progress starts at the earliest retained offset (else at the group's offset, or the end)",
    default: true,
  },
  {
    name: "idle-timeout",
    kind: "duration",
    min: 100,
    placeholder: "DURATION",
    help:
      "after this long without messages a partition is idle: the global watermark (complete minutes, alerts) stops waiting for it; its own watermark does not move, so history produced later is not late",
    env: "SHOPEASE_IDLE_TIMEOUT",
    default: DEFAULT_IDLE_TIMEOUT,
  },
  {
    name: "rate",
    kind: "number",
    min: 0.001,
    // At 10⁶/s the simulator's loop starved the server: no answer, no stop on SIGTERM.
    max: 100_000,
    help: "in-process simulator: mean events per second",
    default: 50,
  },
  {
    name: "users",
    kind: "int",
    min: 1,
    help: "in-process simulator: distinct shoppers",
    default: 1000,
  },
  {
    name: "history",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help:
      "in-process simulator: first play this much past traffic at full speed (at most 1,000,000 events), so per-minute charts and the spike baseline have data at once; 0: none",
    default: "60m",
  },
  {
    name: "spike",
    kind: "string",
    placeholder: "SPEC",
    help:
      "in-process simulator: burst TYPE:FACTOR@OFFSET[+LENGTH] (offset from the live start), e.g. purchase:5@2m",
  },
  {
    name: "currency",
    kind: "string",
    placeholder: "CODE",
    env: "SHOPEASE_CURRENCY",
    help:
      "ISO 4217 code the console shows money in (default: the replayed format's, e.g. GBP for online-retail, else USD)",
  },
  {
    name: "anon-key-file",
    kind: "string",
    placeholder: "FILE",
    help: "pseudonymization key file; SHOPEASE_ANON_KEY wins",
    default: ".shopease/anon.key",
  },
  ...ANALYTICS_OPTIONS
    .filter((spec) => !["lookback", "top-n", "dedupe-window"].includes(spec.name))
    .map((spec) => spec.name === "lateness" ? { ...spec, default: LIVE_LATENESS } : spec),
];
