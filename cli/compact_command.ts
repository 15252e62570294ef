/**
 * `deno task compact`: merges a lake's small live parts.
 *
 * @module
 */

import { formatHelp, noPositionals, type OptionSpec, parseOptions } from "../pipeline/options.ts";
import { compactTable } from "../pipeline/lake/compact_table.ts";
import { lockLake } from "../pipeline/lake/lock_lake.ts";
import { LAKE_TABLES, type LakeTableName } from "../pipeline/lake/lake_schema.ts";

/** Options of `compact`. */
export const COMPACT_OPTIONS: OptionSpec[] = [
  {
    name: "lake",
    kind: "string",
    placeholder: "DIR",
    help: "lake folder",
    env: "SHOPEASE_LAKE",
    default: "./lake",
  },
  {
    name: "table",
    kind: "string",
    placeholder: "T",
    choices: LAKE_TABLES,
    help: "compact only this table (default: every table)",
  },
  {
    name: "min-parts",
    kind: "int",
    min: 2,
    max: 1_000_000,
    placeholder: "N",
    help: "merge the parts of a date and topic partition once there are at least N",
    default: 2,
  },
];

const USAGE = "deno task compact [--lake ./lake] [--table T] [--min-parts N]";
const ABOUT = "Merges the live parts (part-<topic>-p<n>-o<first>-<last>.parquet) of each date " +
  "partition and topic partition into one part, switching each table to its new version with " +
  "one rename: a reader sees the old parts or the merged one, never both or neither. Replay's " +
  "numbered parts are left alone; while a replay writes the lake, compact waits for it.";

/**
 * Runs `compact` with command-line arguments.
 *
 * @param args arguments after `compact`
 * @returns the exit status
 */
export async function compactCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, COMPACT_OPTIONS));
    return 0;
  }
  const { values, positionals } = parseOptions(COMPACT_OPTIONS, args);
  noPositionals("compact", positionals);
  const lake = values.lake as string;
  try {
    if (!Deno.statSync(lake).isDirectory) throw new Error("not a directory");
  } catch (cause) {
    throw new Error(`Cannot compact lake ${lake}: ${(cause as Error).message}`, { cause });
  }
  const tables = values.table === undefined ? LAKE_TABLES : [values.table as LakeTableName];
  // A replay holds the lake's lock for its whole run; its staging versions look abandoned to
  // the pruning below once they are a minute old, and a compaction committed after its commit
  // would bring the replaced live parts back. So compaction waits for it (and it for us). Shared:
  // a running consume holds it shared too, and compaction beside it is what it is for (the
  // tables' own locks keep two compactions, or one and consume's writes, apart).
  using _lock = await lockLake(lake, { shared: true });
  for (const table of tables) {
    const result = await compactTable(lake, table, { minParts: values["min-parts"] as number });
    // "0 parts → 0 (0 rows)" read as an empty table for a replayed one of 40,000 rows.
    const what = result.partsBefore === 0
      ? "no live parts to merge"
      : `${result.partsBefore} live parts → ${result.partsAfter} (${result.rows} rows)`;
    console.log(`${table.padEnd(12)} ${what}`);
  }
  return 0;
}
