/**
 * First-run backfill for `deno task start`: an empty lake gets the committed sample replayed
 * into it, so the console's history charts have data from the first minute.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { DEFAULT_LATENESS_MS } from "../../operators/watermark.ts";
import { log } from "../log.ts";
import { replay, type ReplaySummary } from "../replay.ts";
import { groupInputs } from "../sources/group_inputs.ts";
import { lakeDataset, writeLakeDataset } from "../lake/lake_dataset.ts";

/** The sample shipped with the project. */
export const SAMPLE_DIR = fileURLToPath(new URL("../../data/sample", import.meta.url));

/**
 * Whether the lake already has reports (`<lake>/reports/*.json`).
 *
 * @param lake lake folder
 * @returns true when at least one report exists
 */
export async function lakeHasReports(lake: string): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(`${lake}/reports`)) {
      if (entry.isFile && entry.name.endsWith(".json")) return true;
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  return false;
}

/**
 * Replays `sample` into `lake` with replay's defaults unless the lake has reports already.
 * A progress bar goes to stderr when it is a terminal.
 *
 * @param lake lake folder
 * @param pseudonym the keyed pseudonym function
 * @param sample input folder (default: the project's data/sample)
 * @returns the replay summary, or null when nothing was needed
 */
export async function backfillSample(
  lake: string,
  pseudonym: (id: string) => string,
  sample = SAMPLE_DIR,
): Promise<ReplaySummary | null> {
  if (await lakeHasReports(lake)) return null;
  log.info(`start: ${lake} has no reports yet; backfilling ${sample} first`);
  const inputs = await groupInputs([sample]);
  const summary = await replay({
    inputs,
    lake,
    batchSize: 4096,
    lateness: DEFAULT_LATENESS_MS,
    lookback: 24 * 3_600_000,
    topN: 10,
    spike: {},
    pseudonym,
    progress: Deno.stderr.isTerminal(),
  });
  // The lake now holds the sample: a later `replay --input data/sample` rewrites it in place.
  await writeLakeDataset(lake, lakeDataset("shopease", inputs));
  log.info(
    `start: backfilled ${summary.records.toLocaleString("en-US")} records in ${
      summary.seconds.toFixed(1)
    } s`,
  );
  return summary;
}
