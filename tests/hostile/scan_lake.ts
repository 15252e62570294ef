/**
 * Reads a whole lake back with hyparquet (independent of the writer) and looks for raw id
 * markers in every string cell of every Parquet file, tables and reports alike, and in every
 * other file the lake holds (report JSON, anything left behind).
 *
 * @module
 */

import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { type Leak, leaksIn } from "./markers.ts";

/**
 * Every file under `dir`, relative paths, sorted. Symbolic links are followed (a lake may show
 * each table as a link to its current version), so a path is what a reader opening it sees.
 *
 * @param dir folder to list
 * @param skip top-level names to leave out (e.g. `.versions`, the writer's private store)
 */
export async function listFiles(
  dir: string,
  skip: readonly string[] = [],
  prefix = "",
): Promise<string[]> {
  const out: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const e of entries) {
    if (!prefix && skip.includes(e.name)) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    let isDirectory = e.isDirectory;
    if (e.isSymlink) {
      try {
        isDirectory = (await Deno.stat(`${dir}/${e.name}`)).isDirectory;
      } catch {
        out.push(rel); // a dangling link: listed, so a comparison notices it
        continue;
      }
    }
    if (isDirectory) out.push(...await listFiles(`${dir}/${e.name}`, [], rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Rows of one Parquet file. */
export async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = await Deno.readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return await parquetReadObjects({ file: buffer, compressors });
}

/** What {@linkcode scanLake} saw. */
export interface LakeScan {
  /** Markers found, with file and column. */
  leaks: Leak[];
  /** Number of string values (Parquet cells and whole non-Parquet files) searched. */
  checked: number;
  /** Parquet files that could not be read, with the error. */
  unreadable: string[];
  /** Rows per table folder (`activity`, `quarantine`, `reports/quality`, …). */
  rows: Map<string, Record<string, unknown>[]>;
}

/** The table folder of a lake file: `activity/date=…/part-0.parquet` → `activity`. */
function tableOf(rel: string): string {
  const parts = rel.split("/");
  return parts[0] === "reports" ? `reports/${parts[1]}` : parts[0];
}

/**
 * Searches every file of the lake for raw id markers.
 *
 * @param lake lake root
 * @returns the leaks and how much was searched
 */
export async function scanLake(lake: string): Promise<LakeScan> {
  const scan: LakeScan = { leaks: [], checked: 0, unreadable: [], rows: new Map() };
  for (const rel of await listFiles(lake)) {
    const path = `${lake}/${rel}`;
    if (rel.endsWith(".parquet")) {
      let rows: Record<string, unknown>[];
      try {
        rows = await readParquet(path);
      } catch (error) {
        scan.unreadable.push(`${rel}: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      // Only part files count as table content (readTable() reads exactly those).
      const table = /(^|\/)part-\d+\.parquet$/.test(rel) ? tableOf(rel) : `(stray) ${rel}`;
      const kept = scan.rows.get(table) ?? [];
      scan.rows.set(table, kept);
      for (const row of rows) {
        kept.push(row);
        for (const column in row) {
          const value = row[column];
          if (typeof value !== "string") continue;
          scan.checked++;
          for (const leak of leaksIn(rel, column, value)) scan.leaks.push(leak);
        }
      }
    } else {
      // Report JSON, manifests, leftovers: searched as text (invalid UTF-8 replaced).
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) continue; // dangling link
        throw error;
      }
      const text = new TextDecoder().decode(bytes);
      scan.checked++;
      for (const leak of leaksIn(rel, "", text)) scan.leaks.push(leak);
    }
  }
  return scan;
}
