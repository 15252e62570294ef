/**
 * Whether `start` may backfill its lake. It generates (or replays) a history only into a lake
 * that is new or already holds that very history: a lake of another dataset that has lost its
 * reports, or whose links point at nothing (a copy made without `.versions/`), is someone's data
 * in need of repair, not an empty lake, and start stops naming what is wrong with it.
 *
 * @module
 */

import {
  describeDataset,
  LAKE_MANIFEST,
  type LakeDataset,
  lakeHasData,
  readLakeDataset,
  sameDataset,
} from "../lake/lake_dataset.ts";
import { lakeRoot } from "../lake/lake_root.ts";
import { danglingLinks, danglingText } from "../lake/dangling_links.ts";
import { damagedLakeText, rebuildCommand } from "../lake/damaged_lake.ts";

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
 * Why the lake needs the backfill of `dataset`, or null when it has its reports and every link
 * resolves (start serves it as it is). Changes nothing in the lake.
 *
 * @param lake lake folder as given
 * @param dataset what the backfill would write (the generated history, or a folder's files)
 * @returns the reason, for the log (`lake has no reports yet`), or null
 * @throws Error naming the lake and what is wrong: the path is a file or a link to nothing; it
 *   holds another dataset (or data of unknown origin) whose links dangle, or whose reports are
 *   missing; it holds tables but no reports
 */
export async function backfillReason(lake: string, dataset: LakeDataset): Promise<string | null> {
  // replay's check: a link to nothing failed only after the generator, as "File exists".
  await lakeRoot(lake);
  const links = await danglingLinks(lake);
  if (links.length === 0 && await lakeHasReports(lake)) return null;
  const held = await readLakeDataset(lake);
  if (held !== null && sameDataset(held, dataset)) {
    // Start's own history: made again whole, the same bytes, over what is left of it.
    return links.length > 0 ? danglingText(links[0]) : `${lake} has no reports yet`;
  }
  if (links.length > 0) throw new Error(await damagedLakeText(lake, links));
  if (await lakeHasData(lake)) {
    // Tables without reports: a replay cut short before its reports' commit. Backfilling here
    // would mix another dataset into those tables, under reports computed over it alone.
    throw new Error(
      `${lake} holds tables but no reports (a replay into it was cut short?): replay its data ` +
        `again with 'deno task replay --lake ${lake}', or start with another --lake`,
    );
  }
  if (held !== null) {
    throw new Error(
      `${lake}/${LAKE_MANIFEST} names another dataset (${describeDataset(held)}) but the lake ` +
        `holds no reports: start generates its history only into a new lake; rebuild this one ` +
        `with '${rebuildCommand(lake, held)}', or start with another --lake`,
    );
  }
  return `${lake} has no reports yet`;
}
