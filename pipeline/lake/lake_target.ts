/**
 * Where a replay writes, given what the lake already holds (see `lake_dataset.ts` for the model).
 *
 * @module
 */

import { basename, dirname } from "node:path";
import { danglingLinks, danglingText } from "./dangling_links.ts";
import { exchangePaths } from "./rename_exchange.ts";
import { lakeRoot } from "./lake_root.ts";
import { lockLake } from "./lock_lake.ts";
import {
  describeDataset,
  type LakeDataset,
  lakeHasData,
  NewerLakeError,
  readLakeDataset,
  sameDataset,
  writeLakeDataset,
} from "./lake_dataset.ts";

/** A replay of another dataset into a lake that holds one; the CLI exits 2 with the message. */
export class LakeConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LakeConflictError";
  }
}

/** The folder a replay writes to, and how to finish or undo it. */
export interface LakeTarget {
  /** Folder to replay into: the lake itself, or a fresh sibling that replaces it. */
  dir: string;
  /** After a successful replay: records the dataset (and swaps a replacement in). */
  commit(): Promise<void>;
  /** After a failed replay: removes a replacement; the lake stays as it was. */
  abort(): Promise<void>;
  /**
   * Written in place over ids pseudonymized with another key than the dataset's `keyCheck`:
   * the replay rewrites them all with its own.
   */
  keyChanged: boolean;
}

/**
 * Decides where a replay of `dataset` goes.
 *
 * An empty lake, or one holding the same dataset, is written in place. A lake holding another
 * dataset (or data of unknown origin, from before manifests) is refused unless `replace`; then
 * the replay writes a fresh sibling folder that takes the lake's place only once it is complete,
 * so a failed replay leaves the old lake whole. A lake reached through a link is replaced where
 * the link points; the link stays.
 *
 * @param lake Lake root.
 * @param dataset The replay's dataset.
 * @param replace `--replace`: start the lake afresh with this dataset.
 * @throws LakeConflictError with a one-line message naming `--lake` and `--replace`; a
 *   NewerLakeError when a newer release wrote the lake, with or without `replace`.
 */
export async function lakeTarget(
  lake: string,
  dataset: LakeDataset,
  replace: boolean,
): Promise<LakeTarget> {
  const root = await lakeRoot(lake);
  await removeLeftovers(root);
  // Refused before waiting for the lock: a running `consume` holds it (shared) until it is
  // stopped, so a replay of another dataset into a live lake waited for ever to be told no.
  if (!replace) {
    const early = await readLakeDataset(lake).then(
      (held) => conflictWith(lake, held, dataset),
      () => null, // a damaged or newer manifest: said under the lock
    );
    if (early !== null) throw early;
  }
  // Decided, and the manifest written, under the lake's lock: two replays started together both
  // found the lake empty, and the second replaced the first's dataset without --replace. The
  // replay takes the lock again to write (released here first: the lock is not reentrant).
  using _lock = await lockLake(root);
  let held: LakeDataset | null;
  try {
    held = await readLakeDataset(lake);
  } catch (cause) {
    // A newer release's lake is not this code's to judge, nor to replace (its locks and layout
    // may differ): refused in both cases.
    if (cause instanceof NewerLakeError) throw cause;
    // A damaged manifest must not lock the lake: --replace starts it afresh like any other.
    if (!replace) {
      throw new Error(
        `${(cause as Error).message}; pass --replace to start ${lake} afresh, or repair the file`,
        { cause },
      );
    }
    held = null;
  }
  // In place, the manifest is written BEFORE the replay: a run killed after some tables were
  // committed leaves a lake that names its dataset, so rerunning the same command repairs it
  // instead of being refused as "data of unknown origin". Only a new key waits for the commit: a
  // replay killed before it leaves the tables of the old key, and the manifest says so.
  const inPlace = async (): Promise<LakeTarget> => {
    const rekeyed = held !== null && sameDataset(held, dataset) &&
      held.keyCheck !== dataset.keyCheck;
    if (held === null || !sameDataset(held, dataset)) await writeLakeDataset(lake, dataset);
    return {
      dir: lake,
      commit: rekeyed ? () => writeLakeDataset(lake, dataset) : () => Promise.resolve(),
      abort: () => Promise.resolve(),
      keyChanged: rekeyed && held!.keyCheck !== undefined && dataset.keyCheck !== undefined,
    };
  };
  const refusal = await conflictWith(lake, held, dataset);
  if (refusal === null) return await inPlace();
  if (!replace) throw refusal;
  const staging = `${dirname(root)}/.${basename(root)}.replacing-${Deno.pid}`;
  await Deno.remove(staging, { recursive: true }).catch(ignoreNotFound);
  await Deno.mkdir(staging, { recursive: true });
  await writeLakeDataset(staging, dataset);
  return {
    dir: staging,
    keyChanged: false,
    async commit() {
      // One atomic exchange (renameat2): readers see the old lake or the new one, never neither.
      // Where the system cannot exchange, two renames; a kill between them leaves the old lake
      // under `.<name>.replaced-<pid>` and the new one complete under its staging name. A replay
      // still writing the old lake in place finishes first (it holds the lake's lock).
      using _lock = await lockLake(root);
      if (exchangePaths(staging, root)) {
        await Deno.remove(staging, { recursive: true });
        return;
      }
      const old = `${dirname(root)}/.${basename(root)}.replaced-${Deno.pid}`;
      await Deno.rename(root, old);
      await Deno.rename(staging, root);
      await Deno.remove(old, { recursive: true });
    },
    abort: () => Deno.remove(staging, { recursive: true }).catch(ignoreNotFound),
  };
}

/**
 * Why a replay of `dataset` may not write the lake holding `held` in place, or `null` when it may:
 * the lake is empty, or holds this dataset. A manifest of another dataset over no data yet is a
 * refusal too: a replay of it runs now or failed, and taking the lake over silently would lose the
 * first if it runs.
 */
async function conflictWith(
  lake: string,
  held: LakeDataset | null,
  dataset: LakeDataset,
): Promise<LakeConflictError | null> {
  if (held !== null && sameDataset(held, dataset)) return null;
  const hasData = await lakeHasData(lake);
  if (held === null && !hasData) return null;
  // A lake copied without its `.versions/` has a manifest and links to nothing: not a replay
  // that runs or failed, and the data it names is gone.
  const broken = hasData ? [] : await danglingLinks(lake);
  const empty = broken.length > 0
    ? `, no data: ${danglingText(broken[0])}${
      broken.length > 1 ? ` (and ${broken.length - 1} more links)` : ""
    }`
    : ", no data yet: its replay runs or failed";
  const what = held === null
    ? "data of unknown origin (no _lake.json)"
    : `another dataset (${describeDataset(held)}${hasData ? "" : empty})`;
  return new LakeConflictError(
    `${lake} already holds ${what}; replay into another lake with --lake DIR, or pass ` +
      `--replace to start ${lake} afresh with ${describeDataset(dataset)}`,
  );
}

/**
 * Removes what a killed `--replace` left beside the lake: its staging folder (the new lake,
 * never switched in) and, after an exchange, the old lake it was about to delete.
 */
async function removeLeftovers(root: string): Promise<void> {
  const prefix = `.${basename(root)}.`;
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dirname(root)));
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return;
    throw cause;
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has(basename(root))) {
    // Killed between the fallback's two renames: the staging folder is the complete new lake.
    for (const name of names) {
      const match = name.startsWith(prefix)
        ? /^replaced-(\d+)$/.exec(name.slice(prefix.length))
        : null;
      if (match && names.has(`${prefix}replacing-${match[1]}`)) {
        await Deno.rename(`${dirname(root)}/${prefix}replacing-${match[1]}`, root);
        break;
      }
    }
  }
  for (const entry of entries) {
    const rest = entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : "";
    if (!/^(replacing|replaced)-\d+$/.test(rest)) continue;
    const pid = Number(rest.slice(rest.indexOf("-") + 1));
    if (pid !== Deno.pid && processAlive(pid)) continue; // another replay's, still running
    await Deno.remove(`${dirname(root)}/${entry.name}`, { recursive: true }).catch(ignoreNotFound);
  }
}

function processAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
