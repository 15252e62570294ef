/**
 * First-run backfill for `deno task start`: an empty lake gets a generated history replayed into
 * it (13 months of a small shop, the generator's `demo` scale), so the console's history charts
 * mean something from the first minute. Tests pass a folder (the committed sample) instead.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { DEFAULT_LATENESS_MS } from "../../operators/watermark.ts";
import { generate } from "../../dev/generator/generate.ts";
import { log } from "../log.ts";
import { replay, type ReplaySummary } from "../replay.ts";
import { groupInputs } from "../sources/group_inputs.ts";
import { lakeDataset, lakeHasData, writeLakeDataset } from "../lake/lake_dataset.ts";
import { lakeRoot } from "../lake/lake_root.ts";

/** The sample shipped with the project (small: for tests and quick replays). */
export const SAMPLE_DIR = fileURLToPath(new URL("../../data/sample", import.meta.url));

/** Seed of the generated history: every fresh lake gets the same one. */
export const HISTORY_SEED = 42;

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
 * Unless the lake has reports already, replays `input` into `lake` with replay's defaults; with
 * no `input`, first generates the `demo` history (≈ 450,000 clickstream events over 13 months,
 * about a second) into a temporary folder, removed afterwards. A progress bar goes to stderr
 * when it is a terminal.
 *
 * @param lake lake folder
 * @param pseudonym the keyed pseudonym function
 * @param input folder to replay instead of a generated history (e.g. {@linkcode SAMPLE_DIR})
 * @returns the replay summary, or null when nothing was needed
 * @throws Error when the lake holds tables but no reports (it is not backfilled over), or when
 *   the lake path is a file or a link to nothing (said before anything is generated)
 * @example
 * ```ts
 * import { createPseudonymizer } from "../pseudonymizer.ts";
 *
 * // Not run here: it writes a lake.
 * async function backfill(key: Uint8Array) {
 *   const pseudonym = createPseudonymizer(key);
 *   await backfillHistory("lake", pseudonym); // generated history
 *   await backfillHistory("lake", pseudonym, SAMPLE_DIR); // the committed sample
 * }
 * ```
 */
export async function backfillHistory(
  lake: string,
  pseudonym: (id: string) => string,
  input?: string,
): Promise<ReplaySummary | null> {
  // replay's check: a link to nothing failed only after the generator, as "File exists".
  await lakeRoot(lake);
  if (await lakeHasReports(lake)) return null;
  if (await lakeHasData(lake)) {
    // Tables without reports: a replay cut short before its reports' commit. Backfilling here
    // would mix another dataset into those tables, under reports computed over it alone.
    throw new Error(
      `${lake} holds tables but no reports (a replay into it was cut short?): replay its data ` +
        `again with 'deno task replay --lake ${lake}', or start with another --lake`,
    );
  }
  const temp = input === undefined ? await Deno.makeTempDir({ prefix: "shopease-history-" }) : null;
  try {
    if (temp !== null) {
      log.info(`start: ${lake} has no reports yet; generating 13 months of shop history first`);
      await generate({ out: temp, scale: "demo", seed: HISTORY_SEED });
    } else log.info(`start: ${lake} has no reports yet; backfilling ${input} first`);
    const inputs = await groupInputs([temp ?? input!]);
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
    // The lake now holds this dataset: a later replay of another one must say --replace.
    await writeLakeDataset(
      lake,
      temp === null ? lakeDataset("shopease", inputs) : { format: "generated:demo", inputs: [] },
    );
    log.info(
      `start: backfilled ${summary.records.toLocaleString("en-US")} records in ${
        summary.seconds.toFixed(1)
      } s`,
    );
    return summary;
  } finally {
    if (temp !== null) await Deno.remove(temp, { recursive: true });
  }
}
