/**
 * Options of `deno task start`, and their parsing into a {@linkcode StartConfig}.
 *
 * @module
 */

import type { SpikeOptions } from "../../operators/spike_alerts.ts";
import { analyticsFromOptions, plausibleFromOptions } from "../graph/mod.ts";
import { noPositionals, parseOptions, UsageError } from "../options.ts";
import { START_OPTIONS } from "./start_option_specs.ts";
import { parseSpike } from "../../dev/simulator/run_simulate_command.ts";
import { assertSafeBind } from "../../server/bind_policy.ts";
import type { SpikeSpec } from "../../dev/simulator/simulate_events.ts";

export { START_OPTIONS } from "./start_option_specs.ts";

/** Everything `start` needs, from its options. */
export interface StartConfig {
  port: number;
  host: string;
  /** Extra Host names the console accepts (`--allow-host`). */
  allowHosts: string[];
  /** Console connection limits; `maxConnections` undefined: from the open-file limit. */
  http: { maxConnections?: number; headerTimeoutMs: number; idleTimeoutMs: number };
  lake: string;
  /** With Kafka: the live lake written from the four topics, whose reports the console shows. */
  liveLake?: { dir: string; topicPrefix: string };
  /** Kafka and Redis, or neither (in-process simulator and memory store). */
  services: { brokers: string[]; redisUrl: string } | null;
  topic: string;
  group: string;
  prefix: string;
  fromBeginning: boolean;
  idleTimeoutMs: number;
  lateness: number;
  /** Plausible event time: from `minEventTime` to the wall clock + `maxFutureMs`. */
  plausible: { minEventTime: number; maxFutureMs: number };
  spike: Partial<SpikeOptions>;
  simulator: { rate: number; users: number; spike?: SpikeSpec; historyMs: number };
  anonKeyFile: string;
  /** ISO 4217 code for the console's money, when given. */
  currency?: string;
}

/**
 * Parses `start`'s arguments (flags over environment over defaults).
 *
 * @param args the arguments after `start`
 * @returns the configuration
 * @throws UsageError for a bad value, or only one of Kafka and Redis
 */
export function parseStartOptions(args: string[]): StartConfig {
  const { values, positionals } = parseOptions(START_OPTIONS, args);
  noPositionals("start", positionals);
  const brokers = String(values.brokers ?? "").split(",").map((b) => b.trim()).filter((b) =>
    b !== ""
  );
  const redisUrl = String(values.redis ?? "");
  if ((brokers.length > 0) !== (redisUrl !== "")) {
    throw new UsageError(
      "give both Kafka (--brokers / KAFKA_BROKERS) and Redis (--redis / REDIS_URL), or neither " +
        `for the in-process simulator; got brokers ${JSON.stringify(brokers.join(","))} and redis ${
          JSON.stringify(redisUrl)
        }`,
    );
  }
  const liveLake = values["live-lake"] === undefined ? undefined : {
    dir: String(values["live-lake"]),
    topicPrefix: String(values["topic-prefix"]),
  };
  if (liveLake !== undefined && brokers.length === 0) {
    throw new UsageError("--live-lake needs Kafka and Redis (--brokers and --redis)");
  }
  const currency = values.currency === undefined ? undefined : String(values.currency);
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    throw new UsageError(
      `--currency must be an ISO 4217 code of 3 capital letters (USD, EUR, GBP); got ${
        JSON.stringify(currency)
      }`,
    );
  }
  // Checked here too, not only where the console binds: that comes after the backfill and an
  // hour of simulated history, so the refusal came minutes late and as a failure (exit 1).
  try {
    assertSafeBind(values.host as string, Deno.env.get("SHOPEASE_TOKEN") || undefined);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { lateness, spike } = analyticsFromOptions({ ...values, lookback: 0, "top-n": 1 });
  const now = Date.now();
  const window = plausibleFromOptions(values, now);
  return {
    port: values.port as number,
    host: values.host as string,
    allowHosts: (values["allow-host"] as string[] | undefined) ?? [],
    http: {
      maxConnections: values["max-connections"] as number | undefined,
      headerTimeoutMs: values["header-timeout"] as number,
      idleTimeoutMs: values["http-idle-timeout"] as number,
    },
    lake: values.lake as string,
    liveLake,
    services: brokers.length > 0 ? { brokers, redisUrl } : null,
    topic: values.topic as string,
    group: values.group as string,
    prefix: values.prefix as string,
    fromBeginning: values["from-beginning"] as boolean,
    idleTimeoutMs: values["idle-timeout"] as number,
    lateness,
    plausible: { minEventTime: window.min, maxFutureMs: window.max - now },
    spike,
    simulator: {
      rate: values.rate as number,
      users: values.users as number,
      spike: values.spike === undefined ? undefined : parseSpike(String(values.spike)),
      historyMs: values.history as number,
    },
    anonKeyFile: values["anon-key-file"] as string,
    currency,
  };
}
