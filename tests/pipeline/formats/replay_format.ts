/**
 * Runs a replay the way `deno task replay --format/--mapping` does, for the format tests.
 *
 * @module
 */

import { NATIVE_DECODERS } from "../../../operators/validate.ts";
import { type FormatChoice, prepareFormat } from "../../../pipeline/formats/prepare_format.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { replay, type ReplaySummary } from "../../../pipeline/replay.ts";

/** The real-data slices committed for these tests. */
export const REAL = new URL("../../../data/real/", import.meta.url).pathname;

/** The key every format test pseudonymizes with. */
export const KEY = new TextEncoder().encode("formats-test-key-0123456789abcdef");

/**
 * Prepares the format (same checks as the command) and replays `inputs` into `lake`.
 *
 * @param choice `--format`, `--mapping`, `--header`, `--translations`.
 * @param inputs Input files, folders or globs.
 * @param lake The lake folder.
 * @returns The replay summary.
 */
export async function replayFormat(
  choice: FormatChoice,
  inputs: string[],
  lake: string,
): Promise<ReplaySummary> {
  const { format, inputs: files } = await prepareFormat(choice, inputs);
  return await replay({
    inputs: files,
    lake,
    batchSize: 1000,
    lateness: format.lateness ?? 5 * 60_000,
    lookback: 24 * 3_600_000,
    topN: 10,
    spike: {},
    pseudonym: createPseudonymizer(KEY),
    progress: false,
    decoders: { ...NATIVE_DECODERS, ...format.decoders() },
    csv: { header: format.header, columns: format.columns },
  });
}

/**
 * The quality report of a replay as `reason → count` for one source (`valid` and
 * `total_input` included).
 */
export function reasonsOf(summary: ReplaySummary, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of summary.quality) {
    if (row.source === source) out[String(row.reason)] = Number(row.count);
  }
  return out;
}
