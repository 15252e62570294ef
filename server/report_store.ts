/**
 * Lazy, mtime-cached reads of the lake's replayed reports (`<lake>/reports/<name>.json`).
 *
 * @module
 */

import { join } from "node:path";
import { ColumnTable, type Row } from "./column_table.ts";
import { readReportFile } from "./report_file.ts";
import { ALL_REPORT_NAMES, type ReportName } from "../operators/registry.ts";

/** The reports the console reads: every report of the registry. */
export const REPORT_NAMES: readonly ReportName[] = ALL_REPORT_NAMES;

export type { ReportName };

export type { Row };

interface Entry {
  mtime: number;
  size: number;
  table: Promise<ColumnTable>;
}

/**
 * Reads report files on first use and keeps them, as columns, until the file's mtime or size
 * changes: a report of a year of minutes is parsed once, not per request, and held as typed
 * arrays rather than millions of objects. Rows are sorted by `minute` (or `month`) so range
 * queries can binary-search. A file that is not a report (a FIFO, too large, not an array of
 * objects) fails the read in one line naming it ({@linkcode readReportFile}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lake = await Deno.makeTempDir();
 * const store = new ReportStore(lake);
 * const table = await store.read("monthly_revenue"); // empty when the report is not there yet
 * assert.deepEqual(table.slice(), []); // else [{ month, gross, refunds, returns, net, orders }, ...]
 * await Deno.remove(lake, { recursive: true });
 * ```
 */
export class ReportStore {
  readonly #dir: string;
  readonly #cache = new Map<ReportName, Entry>();

  /** @param lakeDir the lake folder; reports are read from its `reports/` subfolder. */
  constructor(lakeDir: string) {
    this.#dir = join(lakeDir, "reports");
  }

  /** Path of one report file. */
  path(name: ReportName): string {
    return join(this.#dir, `${name}.json`);
  }

  /**
   * Modification time of a report file in ms, or `null` when the file does not exist.
   *
   * @param name the report.
   */
  async stamp(name: ReportName): Promise<number | null> {
    const info = await statOrNull(this.path(name));
    return info ? (info.mtime?.getTime() ?? 0) : null;
  }

  /**
   * One report as a table sorted by time; empty when the report does not exist yet.
   *
   * @param name the report.
   */
  async read(name: ReportName): Promise<ColumnTable> {
    const info = await statOrNull(this.path(name));
    if (!info) {
      this.#cache.delete(name);
      return ColumnTable.EMPTY;
    }
    const mtime = info.mtime?.getTime() ?? 0;
    const cached = this.#cache.get(name);
    if (cached && cached.mtime === mtime && cached.size === info.size) return cached.table;
    const table = this.#load(name);
    this.#cache.set(name, { mtime, size: info.size, table });
    table.catch(() => this.#cache.delete(name));
    return table;
  }

  async #load(name: ReportName): Promise<ColumnTable> {
    return ColumnTable.fromRows(sortByTime(await readReportFile(this.path(name))));
  }
}

/** Sorts rows by `minute` or `month` (ISO strings sort by time), unless already sorted. */
function sortByTime(rows: Row[]): Row[] {
  if (rows.length === 0) return rows;
  const key = "minute" in rows[0] ? "minute" : "month" in rows[0] ? "month" : null;
  if (key === null) return rows;
  for (let i = 1; i < rows.length; i++) {
    if (String(rows[i - 1][key]) > String(rows[i][key])) {
      return rows.sort((a, b) =>
        String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0
      );
    }
  }
  return rows;
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
