/**
 * Compares a replay of a REES46 file (`--format rees46`) with an independent DuckDB computation
 * over the raw CSV (rees46_minutes.sql): per-minute active users and session conversion.
 *
 * Run after a replay:
 * `deno run -A tests/pipeline/formats/rees46_check.ts --csv <file with header> --lake <lake>`
 * (exit status 0 when every minute matches, 1 otherwise).
 *
 * @module
 */

import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { duckdbQuery } from "./duckdb_query.ts";

const SQL = new URL("./rees46_minutes.sql", import.meta.url);

/** The outcome of {@linkcode checkRees46}. */
export interface Rees46Check {
  rows: number;
  minutes: number;
  /** Minutes whose active users, sessions or converted sessions differ. */
  mismatches: string[];
  ok: boolean;
}

/**
 * Runs the DuckDB computation over `csv` and compares it with the reports in `lake`. Distinct
 * counts do not change under pseudonymization, so raw ids and pseudonyms count the same.
 *
 * @param csv The REES46 CSV file (with its header row).
 * @param lake The lake the replay wrote.
 * @returns The comparison.
 */
export async function checkRees46(csv: string, lake: string): Promise<Rees46Check> {
  const expected = await duckdbQuery(await Deno.readTextFile(SQL), { rees46_csv: csv }, {
    rows: "SELECT count(*) AS n FROM rees46_events",
    active: "SELECT * FROM rees46_active_users",
    conversion: "SELECT * FROM rees46_conversion",
  });
  const theirs = new Map<string, string>();
  for (const r of expected.active) theirs.set(String(r.minute), `users ${r.active_users}`);
  for (const r of expected.conversion) {
    theirs.set(
      String(r.minute),
      `${theirs.get(String(r.minute))} sessions ${r.sessions} converted ${r.converted_sessions}`,
    );
  }
  const ours = new Map<string, string>();
  for (const r of await readReportJson(lake, "active_users")) {
    ours.set(String(r.minute), `users ${r.active_users}`);
  }
  for (const r of await readReportJson(lake, "conversion")) {
    ours.set(
      String(r.minute),
      `${ours.get(String(r.minute))} sessions ${r.sessions} converted ${r.converted_sessions}`,
    );
  }
  const mismatches: string[] = [];
  for (const minute of [...new Set([...ours.keys(), ...theirs.keys()])].sort()) {
    if (ours.get(minute) !== theirs.get(minute)) {
      mismatches.push(`${minute}: replay ${ours.get(minute)} | duckdb ${theirs.get(minute)}`);
    }
  }
  return {
    rows: Number(expected.rows[0].n),
    minutes: theirs.size,
    mismatches,
    ok: mismatches.length === 0 && theirs.size > 0,
  };
}

if (import.meta.main) {
  const arg = (name: string) => {
    const at = Deno.args.indexOf(`--${name}`);
    return at >= 0 ? Deno.args[at + 1] : undefined;
  };
  const csv = arg("csv");
  const lake = arg("lake");
  if (csv === undefined || lake === undefined) {
    console.error("usage: rees46_check.ts --csv <file> --lake <lake>");
    Deno.exit(2);
  }
  const result = await checkRees46(csv, lake);
  console.log(
    `${result.rows} rows, ${result.minutes} minutes, ${result.mismatches.length} minutes differ`,
  );
  for (const line of result.mismatches.slice(0, 20)) console.log(`  ${line}`);
  console.log(result.ok ? "OK: the replay equals DuckDB" : "MISMATCH");
  Deno.exit(result.ok ? 0 : 1);
}
