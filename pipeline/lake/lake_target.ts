/**
 * Where a replay writes, given what the lake already holds (see `lake_dataset.ts` for the model).
 *
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import {
  describeDataset,
  type LakeDataset,
  lakeHasData,
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
}

/**
 * Decides where a replay of `dataset` goes.
 *
 * An empty lake, or one holding the same dataset, is written in place. A lake holding another
 * dataset (or data of unknown origin, from before manifests) is refused unless `replace`; then
 * the replay writes a fresh sibling folder that takes the lake's place only once it is complete,
 * so a failed replay leaves the old lake whole.
 *
 * @param lake Lake root.
 * @param dataset The replay's dataset.
 * @param replace `--replace`: start the lake afresh with this dataset.
 * @throws LakeConflictError with a one-line message naming `--lake` and `--replace`.
 */
export async function lakeTarget(
  lake: string,
  dataset: LakeDataset,
  replace: boolean,
): Promise<LakeTarget> {
  const held = await readLakeDataset(lake);
  const inPlace: LakeTarget = {
    dir: lake,
    commit: () => writeLakeDataset(lake, dataset),
    abort: () => Promise.resolve(),
  };
  if (!(await lakeHasData(lake))) return inPlace;
  if (held !== null && sameDataset(held, dataset)) return inPlace;
  if (!replace) {
    const what = held === null
      ? "data of unknown origin (no _lake.json)"
      : `another dataset (${describeDataset(held)})`;
    throw new LakeConflictError(
      `${lake} already holds ${what}; replay into another lake with --lake DIR, or pass ` +
        `--replace to start ${lake} afresh with ${describeDataset(dataset)}`,
    );
  }
  const root = resolve(lake);
  const staging = `${dirname(root)}/.${basename(root)}.replacing-${Deno.pid}`;
  await Deno.remove(staging, { recursive: true }).catch(ignoreNotFound);
  return {
    dir: staging,
    async commit() {
      await writeLakeDataset(staging, dataset);
      const old = `${dirname(root)}/.${basename(root)}.replaced-${Deno.pid}`;
      // Two renames: between them the lake's path is briefly absent, never half-written.
      await Deno.rename(root, old);
      await Deno.rename(staging, root);
      await Deno.remove(old, { recursive: true });
    },
    abort: () => Deno.remove(staging, { recursive: true }).catch(ignoreNotFound),
  };
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
