/**
 * What to tell someone whose lake has links to nothing: which link, and the command that
 * rebuilds the lake from the dataset its `_lake.json` names.
 *
 * @module
 */

import { dirname, relative } from "node:path";
import { type LakeDataset, readLakeDataset } from "./lake_dataset.ts";
import { type DanglingLink, danglingText } from "./dangling_links.ts";

/**
 * The command that puts the lake's dataset back: a replay of its inputs' folders with its
 * format, or `start` for the generated demo history (which start makes again itself).
 *
 * @param lake Lake root as given.
 * @param dataset What `<lake>/_lake.json` names, or null when it names nothing readable.
 * @returns e.g. `deno task replay --input data/sample --lake backup`
 */
export function rebuildCommand(lake: string, dataset: LakeDataset | null): string {
  if (dataset?.format.startsWith("generated:")) return `deno task start --lake ${lake}`;
  const dirs = new Set((dataset?.inputs ?? []).map((path) => shortPath(dirname(path))));
  const args = (dirs.size === 0 ? ["<its data>"] : [...dirs]).map((dir) => `--input ${dir}`);
  if (dataset !== null && dataset.format !== "shopease") {
    const mapping = /^mapping:(.*)$/.exec(dataset.format)?.[1];
    args.push(mapping === undefined ? `--format ${dataset.format}` : `--mapping ${mapping}`);
  }
  return `deno task replay ${args.join(" ")} --lake ${lake}`;
}

/** `path` from the working folder when it is under it (as typed), else as it is. */
function shortPath(path: string): string {
  return path.startsWith(`${Deno.cwd()}/`) ? relative(Deno.cwd(), path) : path;
}

/**
 * One line for a lake with dangling links: the first link, how many others, and how to rebuild
 * the lake (from its `_lake.json`; an unreadable one only loses the hint's input).
 *
 * @param lake Lake root as given.
 * @param links Its dangling links (at least one), as {@linkcode danglingLinks} lists them.
 * @returns `lake/reports links to .versions/reports/v000001, which is missing (so do 5 other
 *   links): the lake is damaged or half-copied; rebuild it with 'deno task replay …'`
 */
export async function damagedLakeText(lake: string, links: DanglingLink[]): Promise<string> {
  const dataset = await readLakeDataset(lake).catch(() => null);
  const others = links.length - 1;
  const more = others === 0 ? "" : ` (so do ${others} other link${others === 1 ? "" : "s"})`;
  return `${danglingText(links[0])}${more}: the lake is damaged or half-copied; rebuild it ` +
    `with '${rebuildCommand(lake, dataset)}'`;
}
