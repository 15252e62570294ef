/**
 * Table and report links that point at nothing: what a lake copied without its `.versions/`
 * folder (`cp -a lake/* backup/`), or with a version folder deleted, is left with. Every reader
 * would take such a link for a table without data; this names it instead.
 *
 * @module
 */

import { LAKE_TABLES } from "./lake_schema.ts";

/** A link in the lake whose target is missing. */
export interface DanglingLink {
  /** What it holds: a table name, or `reports`. */
  name: string;
  /** The link, under the lake as given (`lake/reports`). */
  path: string;
  /** Its target as written in the link (`.versions/reports/v000001`). */
  target: string;
}

/**
 * The link at `path` when it points at nothing.
 *
 * @param path A path in the lake (`<lake>/activity`).
 * @param name What it holds, for messages.
 * @returns The link, or null when `path` is missing, not a link, or a link to something.
 */
export async function danglingLink(path: string, name: string): Promise<DanglingLink | null> {
  try {
    if (!(await Deno.lstat(path)).isSymlink) return null;
    await Deno.stat(path);
    return null;
  } catch (cause) {
    if (!(cause instanceof Deno.errors.NotFound)) throw cause;
  }
  try {
    return { name, path, target: await Deno.readLink(path) };
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return null; // removed meanwhile
    throw cause;
  }
}

/**
 * The lake's dangling links: `reports` first (what the console and `report` read), then the
 * tables in their usual order.
 *
 * @param lake Lake root as given.
 * @returns The links that point at nothing; empty for a sound (or missing) lake.
 * @example
 * ```ts
 * const broken = await danglingLinks("lake");
 * if (broken.length > 0) console.error(danglingText(broken[0]));
 * ```
 */
export async function danglingLinks(lake: string): Promise<DanglingLink[]> {
  const links: DanglingLink[] = [];
  for (const name of ["reports", ...LAKE_TABLES]) {
    const link = await danglingLink(`${lake}/${name}`, name);
    if (link !== null) links.push(link);
  }
  return links;
}

/**
 * One link said in words.
 *
 * @param link A dangling link.
 * @returns `lake/reports links to .versions/reports/v000001, which is missing`
 */
export function danglingText(link: DanglingLink): string {
  return `${link.path} links to ${link.target}, which is missing`;
}
