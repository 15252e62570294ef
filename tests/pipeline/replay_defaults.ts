/**
 * `replay()` over one input folder with the command's defaults, for tests that only vary the
 * input.
 *
 * @module
 */

import { replay, type ReplaySummary } from "../../pipeline/replay.ts";
import { groupInputs } from "../../pipeline/sources/group_inputs.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";

/** The key the tests pseudonymize with, unless they pass their own. */
export const TEST_KEY = new TextEncoder().encode("replay-test-key-0123456789abcdef");

/** Replays `input` (a folder or file) into `lake`; no progress bar, default analytics. */
export async function replayDefaults(
  input: string,
  lake: string,
  key: Uint8Array = TEST_KEY,
): Promise<ReplaySummary> {
  return await replay({
    inputs: await groupInputs([input]),
    lake,
    batchSize: 4096,
    lateness: 5 * 60_000,
    lookback: 24 * 3_600_000,
    topN: 10,
    spike: {},
    pseudonym: createPseudonymizer(key),
    progress: false,
  });
}
