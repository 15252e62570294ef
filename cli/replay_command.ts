/**
 * `deno task replay`: the historical backfill command.
 *
 * @module
 */

import { formatHelp, type OptionSpec, parseOptions, UsageError } from "../pipeline/options.ts";
import { replay, type ReplaySummary } from "../pipeline/replay.ts";
import { FORMAT_OPTIONS } from "./format_options.ts";
import { prepareFormat } from "../pipeline/formats/prepare_format.ts";
import { NATIVE_DECODERS } from "../operators/validate.ts";
import { createPseudonymizer, keyCheckOf, loadAnonKey } from "../pipeline/pseudonymizer.ts";
import { printSummary } from "./replay_summary.ts";
import {
  ANALYTICS_OPTIONS,
  analyticsFromOptions,
  plausibleFromOptions,
} from "../pipeline/graph/mod.ts";
import { log } from "../pipeline/log.ts";
import { oneLine } from "../pipeline/terminal_text.ts";
import { lakeDataset } from "../pipeline/lake/lake_dataset.ts";
import { LakeConflictError, lakeTarget } from "../pipeline/lake/lake_target.ts";
import { resolve } from "node:path";

/** Options of `replay`. */
export const REPLAY_OPTIONS: OptionSpec[] = [
  {
    name: "input",
    kind: "list",
    placeholder: "PATH",
    help: "files, folders or globs to replay (repeatable or comma-separated)",
    env: "SHOPEASE_INPUT",
  },
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "lake folder for Parquet tables and reports",
    env: "SHOPEASE_LAKE",
    default: "./lake",
  },
  {
    name: "replace",
    kind: "boolean",
    help: "the lake holds another dataset: start it afresh with this input (docs/QUERYING.md)",
  },
  {
    name: "batch-size",
    kind: "int",
    min: 1,
    max: 1_000_000,
    placeholder: "N",
    help: "records per micro-batch",
    env: "SHOPEASE_BATCH_SIZE",
    default: 4096,
  },
  {
    name: "anon-key-file",
    kind: "string",
    placeholder: "FILE",
    help: "pseudonymization key file, created (mode 0600) on first use; SHOPEASE_ANON_KEY wins",
    default: ".shopease/anon.key",
  },
  ...FORMAT_OPTIONS,
  {
    name: "workers",
    kind: "int",
    min: 0,
    max: 1,
    placeholder: "N",
    help: "source worker threads: 1 parses, decodes and pseudonymizes activity input of 32 MiB " +
      "or more (native layout) off the pipeline thread (same output; slower on 2 busy cores, " +
      "docs/BENCHMARKS.md); 0 reads everything on it",
    env: "SHOPEASE_WORKERS",
    default: 0,
  },
  {
    name: "progress",
    kind: "boolean",
    help: "progress bar on stderr",
    default: Deno.stderr.isTerminal(),
    defaultText: "on when stderr is a terminal",
  },
  ...ANALYTICS_OPTIONS,
];

const USAGE = "deno task replay --input <folder|file|glob> [--lake ./lake] [options]";
const ABOUT = "Streams historical CSV, NDJSON and JSON files through the operator graph into the " +
  "Parquet lake (<lake>/<table>/date=YYYY-MM-DD/) and the reports (<lake>/reports/). Native " +
  "files are assigned to tables by name: activity*, transactions*, inventory*, reviews*. " +
  "--format rees46|online-retail|olist-reviews|olist-products or --mapping FILE reads other " +
  "layouts, every file into the format's table (docs/FORMATS.md).";

/**
 * Runs `replay` with command-line arguments.
 *
 * @param args arguments after `replay`
 * @returns the exit status
 */
export async function replayCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, REPLAY_OPTIONS));
    return 0;
  }
  const { values, positionals, origin } = parseOptions(REPLAY_OPTIONS, args);
  const inputArgs = [...(values.input as string[] | undefined ?? []), ...positionals];
  if (inputArgs.length === 0) {
    throw new UsageError(
      "--input is required: a folder, file or glob to replay (try --input data/sample)",
    );
  }
  const { format, inputs } = await prepareFormat({
    format: origin.format === "default" ? undefined : values.format as string,
    mapping: values.mapping as string | undefined,
    header: values.header as boolean | undefined,
    translations: values.translations as string | undefined,
  }, inputArgs);
  const analytics = analyticsFromOptions(values);
  // "Now" is read once, here: the graph gets a fixed window, so a replay's output depends on
  // the wall clock only for records dated near it.
  const plausibleTime = plausibleFromOptions(values, Date.now());
  if (origin.lateness === "default" && format.lateness !== undefined) {
    analytics.lateness = format.lateness;
    log.info(`${format.name}: rows come in no time order, so no row counts as late`);
  }
  const key = await loadAnonKey({
    env: Deno.env.get("SHOPEASE_ANON_KEY"),
    keyFile: values["anon-key-file"] as string,
  });
  const lake = values.lake as string;
  // One lake, one dataset: a replay of another input is refused unless --replace.
  const mapping = values.mapping as string | undefined;
  const pseudonym = createPseudonymizer(key);
  const dataset = {
    ...lakeDataset(mapping ? `mapping:${resolve(mapping)}` : format.name, inputs),
    keyCheck: keyCheckOf(pseudonym),
  };
  let target;
  try {
    target = await lakeTarget(lake, dataset, values.replace === true);
  } catch (error) {
    if (!(error instanceof LakeConflictError)) throw error;
    console.error(`error: ${oneLine(error.message)}`);
    return 2;
  }
  log.info(
    `replay (${format.name}): ${
      [...inputs].map(([t, p]) => `${t} (${p.length} file${p.length > 1 ? "s" : ""})`).join(", ")
    } → ${lake}`,
  );
  if (target.keyChanged) {
    log.info(
      `replay: ${lake}'s ids were pseudonymized with another key: this replay rewrites every ` +
        "table and report with this run's key (its pseudonyms all change)",
    );
  }
  let summary: ReplaySummary;
  try {
    summary = await replay({
      inputs,
      lake: target.dir,
      batchSize: values["batch-size"] as number,
      pseudonym,
      anonKey: key,
      sourceWorkers: values.workers as number,
      progress: values.progress as boolean,
      decoders: { ...NATIVE_DECODERS, ...format.decoders() },
      csv: { header: format.header, columns: format.columns },
      currency: format.currency,
      plausibleTime,
      dedupeWindow: values["dedupe-window"] as number,
      ...analytics,
    });
  } catch (error) {
    await target.abort();
    throw error;
  }
  await target.commit();
  printSummary(summary);
  return 0;
}
