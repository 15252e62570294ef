/**
 * `deno task consume`: the four Kafka input topics through the whole graph into a live lake and
 * its reports; several instances in one group share the partitions.
 *
 * @module
 */

import { logLevel } from "kafkajs";
import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../pipeline/options.ts";
import {
  ANALYTICS_OPTIONS,
  analyticsFromOptions,
  plausibleFromOptions,
} from "../pipeline/graph/mod.ts";
import { createPseudonymizer, loadAnonKey } from "../pipeline/pseudonymizer.ts";
import { createKafka } from "../pipeline/kafka/create_kafka.ts";
import { TOPIC_PREFIX, topicNames } from "../pipeline/kafka/topic_names.ts";
import { formatLabels } from "../pipeline/kafka/format_header.ts";
import { reportFamilies } from "../operators/partials/mod.ts";
import { runLiveLake } from "../pipeline/live_lake/run_live_lake.ts";
import { log } from "../pipeline/log.ts";
import { FORMAT_OPTIONS } from "./format_options.ts";
import { FORMAT_NAMES, FORMAT_PRESETS } from "../pipeline/formats/format_presets.ts";
import { loadMapping } from "../pipeline/formats/load_mapping.ts";
import type { SourceFormat } from "../pipeline/formats/source_format.ts";
import { NATIVE_DECODERS } from "../operators/validate.ts";
import type { ParsedOptions } from "../pipeline/options.ts";
import type { QualityRow } from "../operators/quality.ts";
import { readReportJson } from "../pipeline/lake/report_writer.ts";
import { qualityLines, sourceCounts } from "./quality_lines.ts";
import { stopOnSignals } from "./stop_signals.ts";

/** Options of `consume`. */
export const CONSUME_OPTIONS: OptionSpec[] = [
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "live lake folder (its own: a replay's lake is refused)",
    env: "SHOPEASE_LIVE_LAKE",
    default: "./lake-live",
  },
  {
    name: "brokers",
    kind: "string",
    placeholder: "LIST",
    help: "Kafka brokers host:port[,…]",
    env: "KAFKA_BROKERS",
    default: "127.0.0.1:9092",
  },
  {
    name: "redis",
    kind: "string",
    placeholder: "URL",
    help: "Redis for the partitions' report state",
    env: "REDIS_URL",
    default: "redis://127.0.0.1:6379",
  },
  {
    name: "topic-prefix",
    kind: "string",
    allowEmpty: true,
    placeholder: "TEXT",
    help: "topics <prefix>activity, <prefix>transactions, <prefix>inventory, <prefix>reviews",
    default: TOPIC_PREFIX,
  },
  {
    name: "group",
    kind: "string",
    placeholder: "ID",
    help: "consumer group: instances in one group share the partitions of one lake",
    default: "shopease-lake",
  },
  {
    name: "until-caught-up",
    kind: "boolean",
    help: "stop once the owned partitions have read what the topics held at start (backfill)",
  },
  {
    name: "max-records",
    kind: "int",
    min: 1,
    max: 1_000_000,
    placeholder: "N",
    help: "most records per batch of one topic partition (one table version per batch)",
    default: 10_000,
  },
  {
    name: "compact-every",
    kind: "duration",
    min: 0,
    placeholder: "DURATION",
    help: "merge small parts in the background this often (0: never; deno task compact does it)",
    default: "1m",
  },
  {
    name: "anon-key-file",
    kind: "string",
    placeholder: "FILE",
    help: "pseudonymization key file, created (mode 0600) on first use; SHOPEASE_ANON_KEY wins",
    default: ".shopease/anon.key",
  },
  // --header does not apply: messages are JSON objects.
  ...FORMAT_OPTIONS.filter((spec) => spec.name !== "header"),
  ...ANALYTICS_OPTIONS,
];

const USAGE = "deno task consume [--lake ./lake-live] [--until-caught-up] [--group ID] [options]";
const ABOUT = "Reads the four input topics (fill them with `deno task produce`) through the " +
  "operator graph replay uses: every table cleaned, pseudonymized and quarantined into lake " +
  "parts named by topic, partition and offsets, exactly once; each partition's report state " +
  "goes to Redis and the merged reports to <lake>/reports. Run one instance per machine core or " +
  "partition in one --group to share the work (docs/ARCHITECTURE.md, live lake). Ctrl-C or " +
  "SIGTERM stops it after the batch in progress; a second signal while that stop waits (for a " +
  "Redis or broker gone away) exits at once with 130 (143), and the next run reads again what " +
  "was not committed.";

/**
 * Runs `consume` with command-line arguments.
 *
 * @param args arguments after `consume`
 * @returns the exit status
 */
export async function consumeCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, CONSUME_OPTIONS));
    return 0;
  }
  const { values, positionals, origin } = parseOptions(CONSUME_OPTIONS, args);
  if (positionals.length > 0) {
    throw new UsageError(`consume takes no positional arguments; got ${positionals[0]}`);
  }
  const brokers = String(values.brokers).split(",").map((b) => b.trim()).filter((b) => b !== "");
  if (brokers.length === 0) throw new UsageError("--brokers needs at least one host:port");
  const format = await loadFormat(values);
  const analytics = analyticsFromOptions(values);
  if (origin.lateness === "default" && format.lateness !== undefined) {
    analytics.lateness = format.lateness; // as replay: exports in no time order
  }
  // Fresh decoders per partition: some count lines (Online Retail numbers an invoice's lines).
  const newDecoders = () => ({ ...NATIVE_DECODERS, ...format.decoders() });
  const decoders = newDecoders();
  plausibleFromOptions(values, Date.now()); // checks the options once, up front
  const key = await loadAnonKey({
    env: Deno.env.get("SHOPEASE_ANON_KEY"),
    keyFile: values["anon-key-file"] as string,
  });
  const controller = new AbortController();
  using _signals = stopOnSignals("consume", (signal) => {
    log.info(`consume: ${signal}: stopping (a second Ctrl-C or SIGTERM exits at once)`);
    controller.abort();
  });
  const lake = values.lake as string;
  const topics = topicNames(values["topic-prefix"] as string);
  log.info(`consume: ${Object.values(topics).join(", ")} → ${lake} (group ${values.group})`);
  const summary = await runLiveLake({
    kafka: createKafka(brokers, { logLevel: logLevel.NOTHING }),
    topics,
    group: values.group as string,
    lake,
    redisUrl: values.redis as string,
    knownColumns: Object.fromEntries(
      Object.entries(decoders).map(([table, decoder]) => [table, decoder.fields]),
    ),
    currency: format.currency ?? null,
    formats: formatLabels(format),
    newDecoders,
    clean: {
      pseudonym: createPseudonymizer(key),
      lateness: analytics.lateness,
      plausibleTime: () => plausibleFromOptions(values, Date.now()),
      dedupeWindow: values["dedupe-window"] as number,
    },
    families: reportFamilies(analytics),
    untilCaughtUp: values["until-caught-up"] === true,
    compactEveryMs: values["compact-every"] as number,
    maxRecords: values["max-records"] as number,
    signal: controller.signal,
    onProgress: (rows) => log.debug(`consume: ${rows} records committed`),
  });
  console.log(
    `consume: ${summary.rows} records committed or verified in ${
      summary.seconds.toFixed(1)
    } s; reports written ${summary.reportWrites} times into ${lake}/reports`,
  );
  await printQuality(lake, format.name);
  return 0;
}

/** The format the messages were produced in (`produce --format`/`--mapping`): native by default. */
async function loadFormat(values: ParsedOptions["values"]): Promise<SourceFormat> {
  const mapping = values.mapping as string | undefined;
  if (mapping !== undefined) {
    if (values.format !== undefined && values.format !== "shopease") {
      throw new UsageError(`use --format or --mapping, not both (got --format ${values.format})`);
    }
    return await loadMapping(mapping);
  }
  const name = String(values.format ?? "shopease");
  const preset = FORMAT_PRESETS[name];
  if (preset === undefined) {
    throw new UsageError(
      `unknown format ${JSON.stringify(name)} (expected ${FORMAT_NAMES.join(", ")})`,
    );
  }
  return await preset.load({ files: [], translations: values.translations as string | undefined });
}

/**
 * What the lake holds so far, per source (`input = valid + quarantined`, as replay prints it),
 * and a warning when records were produced in another format (their `shopease-format` header),
 * or, for messages without the header, when a source's records were all refused for missing
 * fields: the topics were most likely produced with another `--format` or `--mapping` than this
 * consume's (every record was quarantined, counted, and the run said nothing but "records
 * committed").
 */
async function printQuality(lake: string, format: string): Promise<void> {
  let rows: QualityRow[];
  try {
    rows = await readReportJson(lake, "quality") as unknown as QualityRow[];
  } catch (error) {
    // No reports yet (stopped before the first write): nothing to account for. Anything else
    // is said, not thrown: the run itself committed.
    if (!(error instanceof Deno.errors.NotFound)) {
      log.warn(`consume: cannot read ${lake}/reports/quality.json: ${(error as Error).message}`);
    }
    return;
  }
  for (const line of qualityLines(rows)) console.log(line);
  for (const source of sourceCounts(rows)) {
    const mismatched = source.reasons.filter(([reason]) => reason.startsWith("format_mismatch"));
    if (mismatched.length > 0) {
      const count = mismatched.reduce((sum, [, n]) => sum + n, 0);
      const named = mismatched.map(([reason]) => reason.split(":").slice(1).join(":"))
        .filter((name) => name !== "");
      log.warn(
        `consume: ${count} of ${source.total} ${source.source} records were produced with ` +
          `another format (${named.length > 0 ? named.join(", ") : "unknown"}) than this ` +
          `consume's (${format}) and quarantined unread as format_mismatch: give consume the ` +
          `--format or --mapping produce had.`,
      );
      continue;
    }
    const top = source.reasons.toSorted((a, b) => b[1] - a[1])[0];
    if (source.total > 0 && source.valid === 0 && top?.[0].startsWith("missing_field:")) {
      log.warn(
        `consume: no ${source.source} record was valid (${top[1]} of ${source.total} ` +
          `quarantined as ${top[0]}): were the topics produced with another --format or ` +
          `--mapping than this consume's (${format})? Give consume the ones produce had.`,
      );
    }
  }
}
