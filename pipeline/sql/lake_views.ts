/**
 * The SQL views `deno task sql` puts over a lake: one per table and one per report, under the
 * names an analyst expects (`activity`, `transactions`, …, `monthly_revenue`, `top_products`).
 *
 * @module
 */

import { resolve } from "node:path";
import { type ColumnSpec, LAKE_SCHEMAS, LAKE_TABLES, MONEY_SCALE } from "../lake/lake_schema.ts";
import { REPORT_MONEY_SCALE, type ReportColumnType } from "../lake/report_writer.ts";
import { REPORT_COLUMNS } from "../../operators/registry.ts";
import { type DanglingLink, danglingLinks } from "../lake/dangling_links.ts";
import { damagedLakeText } from "../lake/damaged_lake.ts";
import { tableGlobs } from "./table_globs.ts";

/** One view: its name, where it reads from, its columns with their SQL types, and its DDL. */
export interface LakeView {
  name: string;
  kind: "table" | "report";
  /** Folder of its Parquet files. */
  dir: string;
  /** Whether the lake holds any file for it (an empty view still has its columns). */
  present: boolean;
  /** The link it reads through, when that points at nothing: reading the view fails. */
  broken?: DanglingLink;
  columns: readonly { name: string; type: string }[];
  /** `CREATE VIEW …` statement. */
  ddl: string;
}

const TABLE_TYPES: Record<ColumnSpec["kind"], string> = {
  utf8: "VARCHAR",
  dict: "VARCHAR",
  float64: "DOUBLE",
  int32: "INTEGER",
  int64: "BIGINT",
  timestamp: "TIMESTAMP WITH TIME ZONE",
  decimal: `DECIMAL(18,${MONEY_SCALE})`,
  micros: "DECIMAL(18,6)",
};

const REPORT_TYPES: Record<ReportColumnType, string> = {
  string: "VARCHAR",
  minute: "VARCHAR",
  int: "BIGINT",
  float: "DOUBLE",
  money: `DECIMAL(18,${REPORT_MONEY_SCALE})`,
  timestamp: "TIMESTAMP WITH TIME ZONE",
};

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A path that DuckDB's glob matches literally: `*`, `?` and `[` become one-character classes,
 * so a lake under a folder such as `shop[1]` is still found.
 */
export function globLiteral(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** A SQL identifier. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The views of the lake at `lake`: every lake table (Hive partitions give a `date DATE` column,
 * NULL for quarantine rows without a usable time) and every report, including those the lake
 * has no files for yet, so a query names the same columns whatever the lake holds. A view whose
 * table (or the reports) links to nothing fails when read, naming the link: read as empty, it
 * answered 0 rows from a lake whose data is only missing.
 *
 * @param lake Lake root.
 * @param links The lake's dangling links, when the caller has them already.
 * @returns The views, tables first.
 */
export async function lakeViews(lake: string, links?: DanglingLink[]): Promise<LakeView[]> {
  const root = resolve(lake);
  const broken = await brokenSources(lake, links ?? await danglingLinks(lake));
  const views: LakeView[] = [];
  for (const table of LAKE_TABLES) {
    const dir = `${root}/${table}`;
    // The version the table's link points to now: a query then reads one version to its end even
    // if a live writer or compaction switches the link meanwhile (old versions stay 60 s).
    const globs = await tableGlobs(await resolvedLink(dir), globLiteral);
    const parts = `[${globs.map(sqlString).join(", ")}]`;
    const columns = [
      ...LAKE_SCHEMAS[table].map((c) => ({ name: c.name, type: TABLE_TYPES[c.kind] })),
      { name: "date", type: "DATE" },
    ];
    const present = globs.length > 0;
    const source = `read_parquet(${parts}, ` +
      `hive_partitioning = true, hive_types = {'date': DATE}, union_by_name = true)`;
    views.push(view(table, "table", dir, present, columns, broken.get(table) ?? source));
    if (table === "inventory") {
      // Updates with the same time are applied in arrival order (files by name, rows in file
      // order): `seq` numbers them so SQL can break such ties as the operators do.
      const arrivals = `(SELECT *, row_number() OVER (ORDER BY filename, file_row_number) AS seq ` +
        `FROM read_parquet(${parts}, hive_partitioning = true, ` +
        `hive_types = {'date': DATE}, union_by_name = true, filename = true, ` +
        `file_row_number = true))`;
      const withSeq = [...columns, { name: "seq", type: "BIGINT" }];
      const from = broken.get(table) ?? arrivals;
      views.push(view("inventory_arrivals", "table", dir, present, withSeq, from));
    }
  }
  for (const [name, schema] of Object.entries(REPORT_COLUMNS)) {
    const dir = `${root}/reports/${name}`;
    const columns = schema.map((c) => ({ name: c.name, type: REPORT_TYPES[c.type] }));
    const present = await hasParts(dir);
    const pinned = `${await resolvedLink(`${root}/reports`)}/${name}`;
    const source = `read_parquet(${sqlString(`${globLiteral(pinned)}/part-*.parquet`)})`;
    views.push(view(name, "report", dir, present, columns, broken.get("reports") ?? source));
  }
  return views;
}

/** Where a view over a dangling link reads from: a row whose only value raises the error. */
interface Broken {
  link: DanglingLink;
  source: string;
}

/** Per link name (a table, or `reports`), the source of its views: an error naming the link. */
async function brokenSources(lake: string, links: DanglingLink[]): Promise<Map<string, Broken>> {
  const sources = new Map<string, Broken>();
  for (const link of links) {
    const message = await damagedLakeText(lake, [link]);
    sources.set(link.name, { link, source: `(SELECT error(${sqlString(message)}) AS broken)` });
  }
  return sources;
}

function view(
  name: string,
  kind: LakeView["kind"],
  dir: string,
  present: boolean,
  columns: LakeView["columns"],
  source: string | Broken,
): LakeView {
  // Columns are listed and cast, so a view has the documented types even over files an older
  // version wrote (money as DOUBLE) and has its columns when the lake has no file for it.
  const list = columns.map((c) => `CAST(${sqlName(c.name)} AS ${c.type}) AS ${sqlName(c.name)}`);
  const nulls = list.map((c) => c.replace(/^CAST\("(?:[^"]|"")*"/, "CAST(NULL"));
  if (typeof source !== "string") {
    // error() runs when a row is read, so the view is created (and --schema lists it) as usual.
    const ddl = `CREATE VIEW ${sqlName(name)} AS SELECT ${nulls.join(", ")} FROM ${source.source}` +
      ` WHERE broken IS NULL`;
    return { name, kind, dir, present: false, broken: source.link, columns, ddl };
  }
  const body = present
    ? `SELECT ${list.join(", ")} FROM ${source}`
    : `SELECT ${nulls.join(", ")} WHERE false`;
  return { name, kind, dir, present, columns, ddl: `CREATE VIEW ${sqlName(name)} AS ${body}` };
}

/** Whether the report folder `dir` holds a part file. */
async function hasParts(dir: string): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && /^part-.+\.parquet$/.test(entry.name)) return true;
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  return false;
}

/** `path` with its links resolved (the version a table's link points to), or `path` if missing. */
async function resolvedLink(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return path; // not there yet: the view reads nothing
  }
}
