/**
 * The lake's commit protocol: every table and the reports folder ("units") switch from their old
 * to their new content with one atomic `rename(2)`, so a reader never sees a mix or a hole.
 *
 * Layout: `<root>/<unit>` is a relative symbolic link to `<root>/.versions/<unit>/vNNNNNN`, a
 * complete, immutable directory. A run writes a unit's new content into
 * `.versions/<unit>/vNNNNNN.staging`; at commit it hard-links into the staging directory every
 * file of the live version that the run did not replace (see {@linkcode mirrorUntouched}; not
 * for a run that rewrites the whole unit, `commit({ mirror: false })`), renames
 * the staging directory to `vNNNNNN`, creates a link `<root>/.<unit>.link.tmp` to it and renames
 * that link over `<root>/<unit>`: the one step readers can observe. Until that step the old
 * version is live and untouched; nothing visible is ever deleted or written in place.
 *
 * The next run's {@linkcode repairLake} removes what a failed or killed run left (staging
 * directories, temporary links and files) and the versions no link points to any more, and puts
 * back a link that a kill between two renames of a first migration left missing.
 *
 * @module
 */

import { basename, dirname } from "node:path";
import { errorText, TEMP_FILE } from "./part_files.ts";
import {
  entryKind,
  listEntries,
  listNames,
  makeDir,
  removeIfPresent,
  removeTree,
  rename,
  symlink,
} from "./lake_fs.ts";
import { exchangePaths } from "./rename_exchange.ts";
import { mirrorUntouched } from "./mirror_untouched.ts";

/** Folder under the lake root holding every unit's versions; readers never look inside it. */
export const VERSIONS_DIR = ".versions";

/** A version folder's name (`v000007`). */
export const VERSION = /^v(\d{6,})$/;
/** A staging folder's name (`v000008.staging`). */
export const STAGING = /^v(\d{6,})\.staging$/;
/** What a writer makes in `.versions/<unit>`: versions, staging folders, a migration's leftover. */
const WRITTEN = /^(v\d{6,}(\.staging)?|legacy\.old)$/;

/**
 * A new version of one unit being written; invisible until {@linkcode StagedVersion.commit}.
 *
 * @example
 * ```ts
 * const stage = new StagedVersion("lake", "activity");
 * Deno.writeTextFileSync(`${stage.dir}/notes.txt`, "…"); // write the new content
 * stage.commit(); // lake/activity now shows it
 * ```
 */
export class StagedVersion {
  /** Directory to write the new content into. */
  readonly dir: string;
  readonly #root: string;
  readonly #unit: string;
  readonly #number: number;
  #state: "open" | "committed" | "discarded" = "open";

  /**
   * Claims the next version number of `unit` and creates its staging directory.
   *
   * @param root Lake root directory (must exist).
   * @param unit A table name or `reports`.
   * @throws Error naming the directory when it cannot be created.
   */
  constructor(root: string, unit: string) {
    this.#root = root;
    this.#unit = unit;
    const base = `${root}/${VERSIONS_DIR}/${unit}`;
    makeDir(base, true);
    let number = highestNumber(base) + 1;
    // mkdir without `recursive` claims the number: a concurrent claim makes it fail.
    for (;; number++) {
      try {
        Deno.mkdirSync(`${base}/${versionName(number)}.staging`);
        break;
      } catch (cause) {
        if (cause instanceof Deno.errors.AlreadyExists) continue;
        throw new Error(`Cannot create lake directory ${base}: ${errorText(cause)}`, { cause });
      }
    }
    this.#number = number;
    this.dir = `${base}/${versionName(number)}.staging`;
  }

  /**
   * Completes the new version with the live version's untouched files and makes it live with one
   * rename. On failure the old version stays live and the staging directory is left for
   * {@linkcode repairLake}.
   *
   * @param options `mirror: false` makes the new version hold only what was written into it
   *   (a run that rewrites the whole unit); by default the live version's untouched files are
   *   carried over, less `drop`: paths relative to the unit (`date=2024-10-01/part-….parquet`)
   *   of live files the new version leaves out (parts that compaction merged into a file of the
   *   staging directory).
   * @throws Error naming the path that could not be linked or renamed.
   */
  commit(options: { mirror?: boolean; drop?: ReadonlySet<string> } = {}): void {
    if (this.#state !== "open") throw new Error(`${this.dir} was already ${this.#state}`);
    const live = `${this.#root}/${this.#unit}`;
    const kind = entryKind(live);
    if (kind === "other") throw notReplaceable(live);
    if (kind !== "missing" && options.mirror !== false) {
      mirrorUntouched(live, this.dir, options.drop);
    }
    const name = versionName(this.#number);
    const final = `${this.#root}/${VERSIONS_DIR}/${this.#unit}/${name}`;
    rename(this.dir, final);
    const link = `${this.#root}/.${this.#unit}.link.tmp`;
    removeIfPresent(link);
    symlink(`${VERSIONS_DIR}/${this.#unit}/${name}`, link);
    if (kind === "directory") {
      replaceDirectory(live, link, `${this.#root}/${VERSIONS_DIR}/${this.#unit}/legacy.old`);
    } else {
      rename(link, live); // ← the commit point: atomic replacement of the link (or creation)
    }
    this.#state = "committed";
  }

  /** Removes the staging directory (best effort: {@linkcode repairLake} removes what is left). */
  discard(): void {
    if (this.#state !== "open") return;
    this.#state = "discarded";
    try {
      Deno.removeSync(this.dir, { recursive: true });
    } catch {
      // Left for the next run's repairLake(); the error that made us discard is the one to show.
    }
  }
}

/**
 * Cleans what earlier runs left and repairs an interrupted commit, before a run writes anything,
 * and refuses a unit whose path no commit could replace (a file), before any unit is replaced.
 * Removes staging directories, temporary links, `.*.tmp` files in units still in the old
 * (plain directory) layout, and every version the unit's link does not resolve to; a unit whose
 * link is missing while complete versions exist gets a link to the newest (the last commit was cut
 * between its two renames). A link that points outside `.versions/<unit>` or at nothing keeps
 * every version, and only names a writer makes are removed. Nothing a reader can see is removed.
 *
 * @param root Lake root directory; created when missing.
 * @param units Unit names (tables and `reports`).
 * @throws Error naming the path that could not be cleaned.
 */
export function repairLake(root: string, units: readonly string[]): void {
  try {
    Deno.mkdirSync(root, { recursive: true });
  } catch (cause) {
    throw new Error(`Cannot create lake root ${root}: ${errorText(cause)}`, { cause });
  }
  for (const unit of units) {
    const live = `${root}/${unit}`;
    // After a kill inside a first migration this is the old plain directory, not a link.
    removeTree(`${root}/.${unit}.link.tmp`);
    const base = `${root}/${VERSIONS_DIR}/${unit}`;
    const names = listNames(base);
    let kind = entryKind(live);
    if (kind === "missing" && restoreLink(root, unit) !== null) kind = "link";
    if (kind === "directory") removeTempFiles(live);
    // Found now, not at commit, where other units would already have switched to the new run.
    if (kind === "other") throw notReplaceable(live);
    const current = kind === "link" ? linkedVersion(root, unit) : undefined;
    for (const name of names) {
      // Only what a writer makes; a version only when the live one is known (a link pointing
      // elsewhere or nowhere is damage a person made: removing versions then could lose the data).
      if (name === current || !WRITTEN.test(name)) continue;
      if (current === null && VERSION.test(name)) continue;
      removeTree(`${base}/${name}`);
    }
  }
}

/**
 * Links a unit whose link is missing (a kill between a first migration's two renames, or an
 * `rm lake/activity` under a live writer) to its newest version. Under the unit's or lake's lock.
 *
 * @param root lake root
 * @param unit a table or `reports`
 * @returns the version linked to, or null when the link is there or no version is
 */
export function restoreLink(root: string, unit: string): string | null {
  const live = `${root}/${unit}`;
  if (entryKind(live) !== "missing") return null;
  const newest = listNames(`${root}/${VERSIONS_DIR}/${unit}`).filter((n) => VERSION.test(n))
    .sort((a, b) => versionNumber(a) - versionNumber(b)).pop();
  if (newest === undefined) return null;
  const link = `${root}/.${unit}.link.tmp`;
  removeIfPresent(link);
  symlink(`${VERSIONS_DIR}/${unit}/${newest}`, link);
  rename(link, live);
  return newest;
}

/**
 * The version of `unit` its link points to: the entry of `.versions/<unit>` that is the link's
 * target folder, however the link spells it (a trailing slash, `./`, an absolute path).
 *
 * @param root lake root
 * @param unit a table or `reports`
 * @returns the version's name, or null when the link points outside `.versions/<unit>`, at
 *   nothing, or is no link
 */
export function linkedVersion(root: string, unit: string): string | null {
  const target = realPath(`${root}/${unit}`);
  const base = realPath(`${root}/${VERSIONS_DIR}/${unit}`);
  if (target === null || base === null || dirname(target) !== base) return null;
  const name = basename(target);
  return VERSION.test(name) ? name : null;
}

function notReplaceable(live: string): Error {
  return new Error(`Cannot replace lake path ${live}: it is neither a directory nor a link`);
}

function realPath(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    // Missing, dangling or unreadable: no version to name.
    return null;
  }
}

/** The number of a version folder's name (`v000007` → 7). */
export function versionNumber(name: string): number {
  return Number(name.slice(1));
}

/**
 * Replaces a unit still in the old layout (a plain directory) by the link: atomically with
 * `renameat2(RENAME_EXCHANGE)` where the system offers it, else with two renames (a kill between
 * them leaves the link missing, which {@linkcode repairLake} restores to the new version).
 */
function replaceDirectory(live: string, link: string, aside: string): void {
  removeTree(aside);
  if (exchangePaths(link, live)) {
    rename(link, aside); // the old directory, now at the link's name
  } else {
    rename(live, aside);
    rename(link, live);
  }
  removeTree(aside);
}

function removeTempFiles(dir: string): void {
  for (const entry of listEntries(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) removeTempFiles(path);
    else if (entry.isFile && TEMP_FILE.test(entry.name)) removeTree(path);
  }
}

function highestNumber(base: string): number {
  let highest = 0;
  for (const name of listNames(base)) {
    const match = VERSION.exec(name) ?? STAGING.exec(name);
    if (match !== null) highest = Math.max(highest, Number(match[1]));
  }
  return highest;
}

function versionName(number: number): string {
  return `v${String(number).padStart(6, "0")}`;
}
