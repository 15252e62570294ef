/**
 * What a lake holds: one dataset (a source format and its input files), recorded in
 * `<lake>/_lake.json`, so a replay of another dataset cannot silently mix with it.
 *
 * The model: a lake holds exactly one dataset, and every table and report in it comes from one
 * replay of that dataset's inputs. Replaying the same dataset again rewrites it in place;
 * replaying another one needs `--replace` (the lake starts afresh) or another `--lake`.
 * Readers skip the file: Hive-style readers ignore names starting with `_`.
 *
 * @module
 */

import { resolve } from "node:path";
import { LAKE_TABLES } from "./lake_schema.ts";
import { readLakeJson } from "../../server/read_lake_json.ts";
import { terminalText } from "../terminal_text.ts";

/** The manifest's file name inside the lake. */
export const LAKE_MANIFEST = "_lake.json";

/** The manifest's version this code writes, and the newest it reads. */
export const LAKE_VERSION = 1;

/** A manifest written by a newer release: refused even by `--replace` (see `lakeTarget`). */
export class NewerLakeError extends Error {
  constructor(path: string, version: number) {
    super(
      `${path} has version ${version}, newer than the ${LAKE_VERSION} this ShopEase Stream ` +
        "supports: a newer release wrote this lake (run that release, or give another --lake)",
    );
    this.name = "NewerLakeError";
  }
}

/** A dataset: how its files are read and which files they are. */
export interface LakeDataset {
  /** `--format` preset name, or `mapping:<absolute path>` for `--mapping`. */
  format: string;
  /** Absolute paths of every input file, sorted. */
  inputs: string[];
  /**
   * `keyCheckOf` the key the lake's ids were pseudonymized with; absent in lakes written before
   * it was recorded. Not part of the dataset's identity (`sameDataset`): a replay with another
   * key rewrites every table and report.
   */
  keyCheck?: string;
}

/**
 * The dataset of a replay.
 *
 * @param format Format name (`shopease`, `online-retail`, …) or `mapping:<path>`.
 * @param inputs Input files per table, as the replay reads them.
 * @returns The dataset with absolute, sorted paths.
 */
export function lakeDataset(format: string, inputs: Map<string, string[]>): LakeDataset {
  const files = [...inputs.values()].flat().map((path) => resolve(path)).sort();
  return { format, inputs: [...new Set(files)] };
}

/** Whether two datasets are the same format over the same files. */
export function sameDataset(a: LakeDataset, b: LakeDataset): boolean {
  return a.format === b.format && a.inputs.length === b.inputs.length &&
    a.inputs.every((path, i) => path === b.inputs[i]);
}

/**
 * A short description: `online-retail: 3 files in data/real/online-retail`, its text from the
 * manifest made printable (`\n`, `\u001b`): messages quote it.
 */
export function describeDataset(dataset: LakeDataset): string {
  const dirs = [...new Set(dataset.inputs.map((path) => path.slice(0, path.lastIndexOf("/"))))];
  const where = dirs.length === 1 ? ` in ${relative(dirs[0])}` : "";
  const n = dataset.inputs.length;
  return terminalText(`${dataset.format}: ${n} file${n === 1 ? "" : "s"}${where}`);
}

function relative(path: string): string {
  const cwd = Deno.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/** The manifest as parsed, unchecked. */
interface Manifest {
  version?: unknown;
  dataset?: { format?: unknown; inputs?: unknown[]; keyCheck?: unknown };
}

/**
 * Reads the lake's manifest. It is refused unread when it is not a regular file (a FIFO would
 * wait for a writer for ever), and its text is never quoted in errors.
 *
 * @param lake Lake root.
 * @returns The dataset, or `null` when the lake has no manifest.
 * @throws NewerLakeError when a newer release wrote it; an Error naming the file when it exists
 *   but cannot be read or parsed.
 */
export async function readLakeDataset(lake: string): Promise<LakeDataset | null> {
  const path = `${lake}/${LAKE_MANIFEST}`;
  let parsed: Manifest | null;
  try {
    // A manifest is a few hundred bytes (a few MB for a dataset of many thousand files).
    parsed = await readLakeJson(path, { maxBytes: 64 << 20 }) as Manifest | null;
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return null;
    throw cause;
  }
  const version = parsed?.version;
  if (typeof version === "number" && version > LAKE_VERSION) {
    throw new NewerLakeError(path, version);
  }
  const format = parsed?.dataset?.format;
  const inputs = parsed?.dataset?.inputs;
  if (typeof format !== "string" || !Array.isArray(inputs)) {
    throw new Error(`Cannot read ${path}: no dataset.format and dataset.inputs`);
  }
  const keyCheck = parsed?.dataset?.keyCheck;
  return {
    format,
    inputs: inputs.map(String),
    ...(typeof keyCheck === "string" ? { keyCheck } : {}),
  };
}

/**
 * Records the lake's dataset (written to a temporary name, then renamed).
 *
 * @param lake Lake root (created when missing).
 * @param dataset What the lake now holds.
 */
export async function writeLakeDataset(lake: string, dataset: LakeDataset): Promise<void> {
  const path = `${lake}/${LAKE_MANIFEST}`;
  const temp = `${lake}/.${LAKE_MANIFEST}.tmp`;
  const text = JSON.stringify({ version: LAKE_VERSION, dataset }, null, 2) + "\n";
  try {
    await Deno.mkdir(lake, { recursive: true });
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (cause) {
    // A full disk leaves the temporary file cut short (or empty) in the lake's root.
    await Deno.remove(temp).catch(() => {});
    throw new Error(`Cannot write ${path}: ${errorText(cause)}`, { cause });
  }
}

/**
 * Whether the lake holds any table or report data (an entry in a table folder or `reports/`).
 *
 * @param lake Lake root.
 */
export async function lakeHasData(lake: string): Promise<boolean> {
  for (const dir of [...LAKE_TABLES, "reports"]) {
    try {
      for await (const _ of Deno.readDir(`${lake}/${dir}`)) return true;
    } catch (cause) {
      if (cause instanceof Deno.errors.NotFound) continue;
      throw new Error(`Cannot read ${lake}/${dir}: ${errorText(cause)}`, { cause });
    }
  }
  return false;
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
