/**
 * First-run backfill for `deno task start`: an empty lake gets a generated history replayed into
 * it (13 months of a small shop, the generator's `demo` scale), so the console's history charts
 * mean something from the first minute. Tests pass a folder (the committed sample) instead.
 *
 * @module
 */

import { keyCheckOf } from "../pseudonymizer.ts";
import { fileURLToPath } from "node:url";
import { DEFAULT_LATENESS_MS } from "../../operators/watermark.ts";
import { generate } from "../../dev/generator/generate.ts";
import { log } from "../log.ts";
import { replay, type ReplaySummary } from "../replay.ts";
import { groupInputs } from "../sources/group_inputs.ts";
import { type LakeDataset, lakeDataset, writeLakeDataset } from "../lake/lake_dataset.ts";
import { backfillReason } from "./backfill_check.ts";
import { lockLake } from "../lake/lock_lake.ts";
import { lakeRoot } from "../lake/lake_root.ts";
import { makeOwnedTempDir } from "../../server/owned_temp_dir.ts";

/** The sample shipped with the project (small: for tests and quick replays). */
export const SAMPLE_DIR = fileURLToPath(new URL("../../data/sample", import.meta.url));

/** Seed of the generated history: every fresh lake gets the same one. */
export const HISTORY_SEED = 42;

/** What a generated history is recorded as in `_lake.json`: start's own, made again at will. */
export const GENERATED_HISTORY: LakeDataset = { format: "generated:demo", inputs: [] };

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
 * @throws Error, before anything is generated or written, when the lake is not new and holds
 *   another dataset: see {@linkcode backfillReason}
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
  const inputs = input === undefined ? null : await groupInputs([input]);
  const dataset = inputs === null ? GENERATED_HISTORY : lakeDataset("shopease", inputs);
  // Decided and claimed under the lake's lock, as replay does: a replay of another dataset
  // started during the generation found the lake empty, and the two datasets mixed. Claimed before
  // the replay too: one killed between its tables' and its reports' commits left tables without
  // reports and no _lake.json, which the next start refused as someone's data.
  // Nothing to do is decided without the lock: a `consume` holds a live lake's lock for as long as
  // it runs, and `start --lake` on that lake waited for it instead of serving its reports.
  if (await backfillReason(lake, dataset) === null) return null;
  let reason: string | null;
  {
    using _lock = await lockLake(await lakeRoot(lake));
    reason = await backfillReason(lake, dataset);
    if (reason !== null) {
      await writeLakeDataset(lake, { ...dataset, keyCheck: keyCheckOf(pseudonym) });
    }
  }
  if (reason === null) return null;
  // Named for this process: the next start removes one a killed start left (67 MB).
  const temp = input === undefined ? makeOwnedTempDir("shopease-history-") : null;
  try {
    if (temp !== null) {
      log.info(`start: ${reason}; generating 13 months of shop history first`);
      await generate({ out: temp, scale: "demo", seed: HISTORY_SEED });
    } else log.info(`start: ${reason}; backfilling ${input} first`);
    const summary = await replay({
      inputs: inputs ?? await groupInputs([temp!]),
      lake,
      batchSize: 4096,
      lateness: DEFAULT_LATENESS_MS,
      lookback: 24 * 3_600_000,
      topN: 10,
      spike: {},
      pseudonym,
      progress: Deno.stderr.isTerminal(),
    });
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
