/**
 * `deno task produce`: loads history from files into the Kafka input topics.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../pipeline/options.ts";
import { FORMAT_OPTIONS } from "./format_options.ts";
import { prepareFormat } from "../pipeline/formats/prepare_format.ts";
import { formatLabels } from "../pipeline/kafka/format_header.ts";
import { NATIVE_DECODERS } from "../operators/validate.ts";
import { connectKafka, createKafka } from "../pipeline/kafka/create_kafka.ts";
import { createProducer } from "../pipeline/kafka/create_producer.ts";
import { prepareTopics } from "../pipeline/kafka/prepare_topics.ts";
import { type ProducedTopic, produceFiles } from "../pipeline/kafka/produce_files.ts";
import { TOPIC_PREFIX, topicNames } from "../pipeline/kafka/topic_names.ts";
import { refuseWritten, writtenTopics } from "../pipeline/kafka/written_topics.ts";
import { log } from "../pipeline/log.ts";
import { logLevel } from "kafkajs";

/** Options of `produce`. */
export const PRODUCE_OPTIONS: OptionSpec[] = [
  {
    name: "input",
    kind: "list",
    placeholder: "PATH",
    help: "files, folders or globs to produce (repeatable or comma-separated)",
    env: "SHOPEASE_INPUT",
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
    name: "topic-prefix",
    kind: "string",
    allowEmpty: true,
    placeholder: "TEXT",
    help:
      "topic names are <prefix>activity, <prefix>transactions, <prefix>inventory, <prefix>reviews",
    default: TOPIC_PREFIX,
  },
  {
    name: "partitions",
    kind: "int",
    min: 1,
    max: 10_000,
    placeholder: "N",
    help: "partition count of topics this command creates (existing topics are kept)",
    default: 4,
  },
  ...FORMAT_OPTIONS,
  {
    name: "append",
    kind: "boolean",
    help: "add to topics that already hold messages (refused by default: the same input sent " +
      "twice is counted twice)",
    default: false,
  },
  {
    name: "batch-size",
    kind: "int",
    min: 1,
    max: 100_000,
    placeholder: "N",
    help: "messages per produce request",
    default: 4096,
  },
  {
    name: "progress",
    kind: "boolean",
    help: "progress bar on stderr",
    default: Deno.stderr.isTerminal(),
    defaultText: "on when stderr is a terminal",
  },
];

const USAGE = "deno task produce --input <folder|file|glob> [--format NAME] [--brokers LIST] " +
  "[--topic-prefix TEXT] [--partitions N] [--append]";
const ABOUT = "Loads history into the Kafka input topics, one JSON message per input record: " +
  "activity and transactions keyed by user id (co-partitioned), inventory by product id, " +
  "reviews by product id. Creates missing topics; activity and transactions must have the " +
  "same partition count. Topics that already hold messages are refused unless --append (a " +
  "second run of the same input would be counted twice). Lines that cannot be read are sent with an empty value, so the " +
  "consumer quarantines them (docs/ARCHITECTURE.md, live lake).";

/**
 * Runs `produce` with command-line arguments.
 *
 * @param args arguments after `produce`
 * @returns the exit status
 */
export async function produceCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, PRODUCE_OPTIONS));
    return 0;
  }
  const { values, positionals, origin } = parseOptions(PRODUCE_OPTIONS, args);
  const inputArgs = [...(values.input as string[] | undefined ?? []), ...positionals];
  if (inputArgs.length === 0) {
    throw new UsageError("--input is required: a folder, file or glob (try --input data/sample)");
  }
  const brokers = String(values.brokers).split(",").map((b) => b.trim()).filter((b) => b !== "");
  if (brokers.length === 0) throw new UsageError("--brokers needs at least one host:port");
  const { format, inputs } = await prepareFormat({
    format: origin.format === "default" ? undefined : values.format as string,
    mapping: values.mapping as string | undefined,
    header: values.header as boolean | undefined,
    translations: values.translations as string | undefined,
  }, inputArgs);
  const topics = topicNames(values["topic-prefix"] as string);
  // A batch command: kafkajs's own retry messages would only repeat the one fatal line.
  const kafka = createKafka(brokers, { logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = createProducer(kafka);
  let sent: ProducedTopic[];
  try {
    await connectKafka(kafka, admin);
    const counts = await prepareTopics(admin, topics, values.partitions as number);
    if (!values.append) {
      const written = await writtenTopics(admin, topics, inputs.keys());
      if (written.length > 0) throw new Error(refuseWritten(written));
    }
    log.info(
      `produce (${format.name}): ${
        [...inputs.keys()].map((t) => `${t} → ${topics[t]} (${counts.get(t)} partitions)`)
          .join(", ")
      }`,
    );
    await connectKafka(kafka, producer);
    sent = await produceFiles({
      producer,
      inputs,
      topics,
      decoders: { ...NATIVE_DECODERS, ...format.decoders() },
      formats: formatLabels(format),
      csv: { header: format.header, columns: format.columns },
      batchSize: values["batch-size"] as number,
      progress: values.progress as boolean,
    });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  printProduced(sent);
  return 0;
}

/** The summary on stdout: counts only, never a key or a value. */
function printProduced(sent: readonly ProducedTopic[]): void {
  const width = Math.max(5, ...sent.map((s) => s.topic.length));
  console.log(`${"topic".padEnd(width)}  ${"messages".padStart(10)}  ${"bad lines".padStart(10)}`);
  let messages = 0;
  let bad = 0;
  for (const s of sent) {
    console.log(
      `${s.topic.padEnd(width)}  ${String(s.messages).padStart(10)}  ${
        String(s.badLines).padStart(10)
      }`,
    );
    messages += s.messages;
    bad += s.badLines;
  }
  console.log(
    `${"total".padEnd(width)}  ${String(messages).padStart(10)}  ${String(bad).padStart(10)}`,
  );
  if (bad > 0) {
    console.log(
      `${bad} line${bad === 1 ? "" : "s"} could not be read; sent with an empty value, the ` +
        `consumer quarantines ${bad === 1 ? "it" : "them"} as malformed_json`,
    );
  }
}
