/**
 * `deno task generate`: writes a deterministic synthetic ShopEase history.
 *
 * @module
 */

import {
  formatHelp,
  noPositionals,
  type OptionSpec,
  parseOptions,
  UsageError,
} from "../pipeline/options.ts";
import { generate } from "../dev/generator/generate.ts";
import { parseSpike } from "../dev/generator/generate_options.ts";
import type { Scale } from "../dev/generator/manifest.ts";
import type { SpikeOptions } from "../dev/generator/spike.ts";
import { createProgress } from "../pipeline/progress.ts";

const OPTIONS: OptionSpec[] = [
  {
    name: "scale",
    kind: "string",
    choices: ["small", "medium", "demo"],
    help:
      "dataset size: small ≈ 40k events, medium ≈ 10M events, demo ≈ 450k events over 40 products",
    default: "small",
  },
  {
    name: "events",
    kind: "int",
    min: 1,
    // About 150 GB of files and 2.4 GB of memory; 10¹² ran out of memory after 35 s.
    max: 1_000_000_000,
    placeholder: "N",
    help: "clickstream events (overrides --scale)",
  },
  {
    name: "seed",
    kind: "int",
    min: 0,
    placeholder: "S",
    help: "random seed; same seed, same files",
    default: 42,
  },
  {
    name: "out",
    kind: "string",
    placeholder: "DIR",
    help: "output folder",
    default: "data/generated",
  },
  {
    name: "fault-rate",
    kind: "number",
    min: 0,
    max: 0.5,
    placeholder: "R",
    help: "share of transaction and inventory rows with an injected fault",
    default: 0.01,
  },
  {
    name: "spike",
    kind: "string",
    placeholder: "TYPE:FACTOR@TIME",
    help:
      "inject a spike, e.g. view:200@2025-06-01T12:00:00Z (5 minutes; append /MINUTES to change)",
  },
  {
    name: "progress",
    kind: "boolean",
    help: "progress bar on stderr",
    default: Deno.stderr.isTerminal(),
    defaultText: "on when stderr is a terminal",
  },
];

/** `parseSpike` with its RangeError turned into a usage error. */
function spikeOption(text: string): SpikeOptions {
  try {
    return parseSpike(text);
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`, { cause: err });
  }
}

/**
 * Runs `generate`.
 *
 * @param args arguments after `generate`
 * @returns exit status
 */
export async function generateCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      formatHelp(
        "deno task generate [--scale small|medium|demo] [--events N] [--seed S] [--out DIR] [--fault-rate R] [--spike TYPE:FACTOR@TIME] [--[no-]progress]",
        "Writes activity.csv, transactions.ndjson, inventory.csv, reviews.json and manifest.json: a seeded, self-consistent synthetic history of 13+ months with injected faults counted in the manifest.",
        OPTIONS,
      ),
    );
    return 0;
  }
  const { values, positionals } = parseOptions(OPTIONS, args);
  noPositionals("generate", positionals);
  const progress = createProgress("generate", values.progress as boolean);
  const started = performance.now();
  const manifest = await generate({
    out: values.out as string,
    scale: values.scale as Scale,
    events: values.events as number | undefined,
    seed: values.seed as number,
    faultRate: values["fault-rate"] as number,
    spike: values.spike ? spikeOption(values.spike as string) : undefined,
    onProgress: (done, total) => progress.update(done, total, done),
  });
  progress.done();
  console.log(`wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(manifest, null, 2));
  return 0;
}
