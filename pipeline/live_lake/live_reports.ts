/**
 * The live lake's reports: every partition's snapshot merged per family and finished into report
 * rows, written as a new version of `<lake>/reports` (one rename makes all reports change
 * together, as a replay's do).
 *
 * @module
 */

import {
  type GraphReportName,
  REPORT_COLUMNS,
  REPORT_NAMES,
  type ReportRows,
} from "../../operators/registry.ts";
import { lastCompleteMonth } from "../../operators/top_products.ts";
import { ReportWriter } from "../lake/report_writer.ts";
import { StagedVersion } from "../lake/lake_versions.ts";
import { withTableLock } from "../lake/table_lock.ts";
import type { AnyFamily, PartitionSnapshot } from "./lake_partition.ts";
import { KEEP_REPLACED_MS, pruneVersions } from "../lake/prune_versions.ts";

/** Every report's rows, `summary` included. */
export type AllReportRows = { [K in GraphReportName | "summary"]: ReportRows[K][] };

/**
 * Merges the partitions' snapshots and finishes every family.
 *
 * @param families the report families (together they finish every graph report)
 * @param snapshots one snapshot per partition number (any order)
 * @param currency the input's currency, when known
 * @returns the rows of every report
 * @throws Error when a report has no family
 */
export function finishReports(
  families: readonly AnyFamily[],
  snapshots: readonly PartitionSnapshot[],
  currency: string | null = null,
): AllReportRows {
  const rows: Partial<Record<string, unknown[]>> = {};
  for (const family of families) {
    const states = [];
    for (const snapshot of snapshots) {
      const state = snapshot.families[family.name];
      if (state !== undefined) states.push(state);
    }
    if (states.length === 0) states.push(family.create().snapshot());
    const finished = family.finish(family.merge(states)) as Record<string, unknown[]>;
    for (const name of family.reports) rows[name] = finished[name];
  }
  for (const name of REPORT_NAMES) {
    if (rows[name] === undefined) throw new Error(`no report family finishes ${name}`);
  }
  let records = 0;
  let latest = -Infinity;
  for (const snapshot of snapshots) {
    records += snapshot.records;
    if (snapshot.latestTransaction !== null && snapshot.latestTransaction > latest) {
      latest = snapshot.latestTransaction;
    }
  }
  const known = Number.isFinite(latest);
  rows.summary = [{
    last_complete_month: known ? lastCompleteMonth(latest) : null,
    latest_transaction: known ? new Date(latest).toISOString() : null,
    records,
    currency,
  }];
  return rows as AllReportRows;
}

/**
 * Writes `rows` as a new version of `<lake>/reports`, under the reports' lock, and prunes
 * versions older than `keepMs`.
 *
 * @param lake the lake root
 * @param rows every report's rows
 * @param keepMs how long an old version stays for readers still on it (default 60 s)
 * @throws Error naming a path that could not be written (the old version then stays live)
 */
export async function writeReports(
  lake: string,
  rows: AllReportRows,
  keepMs = KEEP_REPLACED_MS,
): Promise<void> {
  await withTableLock(lake, "reports", () => {
    const stage = new StagedVersion(lake, "reports");
    try {
      for (const name of [...REPORT_NAMES, "summary" as const]) {
        const writer = new ReportWriter(stage.dir, name, REPORT_COLUMNS[name]);
        writer.append(rows[name]);
        writer.close();
      }
      stage.commit({ mirror: false });
    } catch (error) {
      stage.discard();
      throw error;
    }
    pruneVersions(lake, "reports", keepMs);
  });
}
