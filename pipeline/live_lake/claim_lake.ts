/**
 * A live lake's claim on its folder: the lake records the group and topics it holds.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";
import {
  LAKE_MANIFEST,
  type LakeDataset,
  lakeHasData,
  readLakeDataset,
  sameDataset,
  writeLakeDataset,
} from "../lake/lake_dataset.ts";
import { lockLake } from "../lake/lock_lake.ts";
import { withTableLock } from "../lake/table_lock.ts";
import { terminalText } from "../terminal_text.ts";

/**
 * The lake holds this group's stream, or nothing yet: claims it; another dataset, or data of
 * unknown origin (tables or reports without `_lake.json`), is refused, and so is another
 * pseudonymization key than the lake's (its users would get new pseudonyms mid-stream: an
 * instance on another machine, whose default key file holds another random key, or a run without
 * the `SHOPEASE_ANON_KEY` the others had); a lake written before keys were recorded takes this
 * run's. One claim at a time (a lock of its own, `.versions/_lake.lock`), so of several instances
 * starting at once exactly one finds the lake new (they raced on one temporary file, and each
 * cleared the others' snapshots); under the lake's lock held shared (`lockLake`), so a replay
 * writing the lake is waited for. The caller holds the lake shared for its whole run (see
 * `runLiveLake`).
 *
 * @param lake Lake root (created when missing).
 * @param group The consumer group: the dataset's name.
 * @param topics The topics the lake is made from.
 * @param onFresh Runs under the lock when the lake is new, before any other instance can claim it.
 * @param keyCheck `keyCheckOf` this run's pseudonym function; no key check when absent.
 * @returns whether the lake was new
 * @throws Error naming the lake when it holds another dataset, data of unknown origin, or ids
 *   under another key
 */
export async function claimLake(
  lake: string,
  group: string,
  topics: Partial<Record<TableName, string>>,
  onFresh: () => Promise<void> = () => Promise.resolve(),
  keyCheck?: string,
): Promise<boolean> {
  const dataset: LakeDataset = {
    format: `kafka:${group}`,
    inputs: Object.values(topics).map((topic) => `kafka:${topic}`).sort(),
    ...(keyCheck === undefined ? {} : { keyCheck }),
  };
  using _lake = await lockLake(lake, { shared: true });
  return await withTableLock(lake, "_lake", async () => {
    const held = await readLakeDataset(lake);
    if (held === null) {
      // A replay's lake from before manifests, or one whose manifest was removed: its rows and
      // this stream's were mixed into one table, and its reports replaced by the stream's.
      if (await lakeHasData(lake)) {
        throw new Error(
          `${lake} already holds data of unknown origin (tables or reports without ` +
            `${LAKE_MANIFEST}); give the live lake its own --lake`,
        );
      }
      await onFresh();
      await writeLakeDataset(lake, dataset);
      return true;
    }
    if (!sameDataset(held, dataset)) {
      throw new Error(
        `${lake}/${LAKE_MANIFEST}: the lake holds ${terminalText(held.format)} ` +
          `(${held.inputs.length} inputs), ` +
          `not the topics of group ${group}; give the live lake its own --lake`,
      );
    }
    if (keyCheck !== undefined && held.keyCheck !== keyCheck) {
      if (held.keyCheck !== undefined) {
        throw new Error(
          `${lake}/${LAKE_MANIFEST}: the lake's ids were pseudonymized with another key than ` +
            "this run's, so its users would get new pseudonyms mid-stream; run with the lake's " +
            "key (SHOPEASE_ANON_KEY, or the key file of the run that made it), or give this key " +
            "its own --lake",
        );
      }
      await writeLakeDataset(lake, { ...held, keyCheck });
    }
    return false;
  });
}
