/**
 * Compares a replay of Online Retail (`--format online-retail`) with an independent DuckDB
 * computation over the same CSV files (online_retail_check.sql): rows per quarantine reason,
 * monthly revenue to the cent, and the monthly top products.
 *
 * Run after a replay:
 * `deno run -A tests/pipeline/formats/online_retail_check.ts --csv <folder|glob> --lake <lake>`
 * (exit status 0 when everything matches, 1 otherwise).
 *
 * @module
 */

import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { duckdbQuery } from "./duckdb_query.ts";

const SQL = new URL("./online_retail_check.sql", import.meta.url);

/** Money columns of one month, in cents, and its distinct purchase orders. */
export interface MonthFigures {
  gross: number;
  refunds: number;
  returns: number;
  net: number;
  orders: number;
}

/** The outcome of {@linkcode checkOnlineRetail}. */
export interface OnlineRetailCheck {
  /** Rows per reason (`valid` included): by DuckDB, and from the replay's quality report. */
  reasons: { duckdb: Record<string, number>; replay: Record<string, number> };
  months: { month: string; replay?: MonthFigures; duckdb?: MonthFigures; match: boolean }[];
  /** Months whose top products differ, with the first differing rank. */
  topProductMismatches: string[];
  topProductRows: number;
  ok: boolean;
}

/**
 * Runs the DuckDB computation over `csv` and compares it with the reports in `lake`.
 *
 * @param csv A CSV file, a folder of them, or a glob.
 * @param lake The lake the replay wrote.
 * @param topN Products per month the replay kept (`--top-n`, default 10).
 * @returns The comparison.
 */
export async function checkOnlineRetail(
  csv: string,
  lake: string,
  topN = 10,
): Promise<OnlineRetailCheck> {
  const glob = /\.csv$/i.test(csv) || /[*?]/.test(csv) ? csv : `${csv.replace(/\/$/, "")}/*.csv`;
  const expected = await duckdbQuery(await Deno.readTextFile(SQL), {
    online_retail_csv: glob,
    top_n: topN,
  }, {
    reasons: "SELECT * FROM online_retail_reasons",
    monthly: "SELECT * FROM online_retail_monthly_revenue",
    top: "SELECT * FROM online_retail_top_products",
  });

  const duckReasons: Record<string, number> = {};
  for (const r of expected.reasons) duckReasons[String(r.reason)] = Number(r.count);
  const replayReasons: Record<string, number> = {};
  for (const r of await readReportJson(lake, "quality")) {
    if (r.source === "transactions" && r.reason !== "total_input") {
      replayReasons[String(r.reason)] = Number(r.count);
    }
  }
  const reasonsMatch = sameRecord(duckReasons, replayReasons);

  const ours = new Map<string, MonthFigures>();
  for (const r of await readReportJson(lake, "monthly_revenue")) {
    ours.set(String(r.month), {
      gross: cents(r.gross),
      refunds: cents(r.refunds),
      returns: cents(r.returns),
      net: cents(r.net),
      orders: Number(r.orders),
    });
  }
  const theirs = new Map<string, MonthFigures>();
  for (const r of expected.monthly) {
    theirs.set(String(r.month), {
      gross: Number(r.gross_cents),
      refunds: Number(r.refunds_cents),
      returns: Number(r.returns_cents),
      net: Number(r.net_cents),
      orders: Number(r.orders),
    });
  }
  const months = [...new Set([...ours.keys(), ...theirs.keys()])].sort().map((month) => {
    const replay = ours.get(month);
    const duckdb = theirs.get(month);
    const match = replay !== undefined && duckdb !== undefined && sameRecord(replay, duckdb);
    return { month, replay, duckdb, match };
  });

  const key = (r: Record<string, unknown>, revenue: number) =>
    `${r.month} #${r.rank} ${r.product_id} units ${r.units} revenue ${revenue}`;
  const ourTop = (await readReportJson(lake, "top_products")).map((r) => key(r, cents(r.revenue)));
  const theirTop = expected.top.map((r) => key(r, Number(r.revenue_cents)));
  const topProductMismatches: string[] = [];
  for (let i = 0; i < Math.max(ourTop.length, theirTop.length); i++) {
    if (ourTop[i] !== theirTop[i]) {
      topProductMismatches.push(`replay: ${ourTop[i] ?? "-"} | duckdb: ${theirTop[i] ?? "-"}`);
    }
  }
  return {
    reasons: { duckdb: duckReasons, replay: replayReasons },
    months,
    topProductMismatches,
    topProductRows: theirTop.length,
    ok: reasonsMatch && months.every((m) => m.match) && topProductMismatches.length === 0 &&
      theirTop.length > 0,
  };
}

function cents(value: unknown): number {
  return Math.round(Number(value) * 100);
}

function sameRecord(a: object, b: object): boolean {
  const x = Object.entries(a).sort();
  const y = Object.entries(b).sort();
  return JSON.stringify(x) === JSON.stringify(y);
}

function money(c: number | undefined): string {
  return c === undefined ? "-" : (c / 100).toFixed(2);
}

if (import.meta.main) {
  const arg = (name: string) => {
    const at = Deno.args.indexOf(`--${name}`);
    return at >= 0 ? Deno.args[at + 1] : undefined;
  };
  const csv = arg("csv");
  const lake = arg("lake");
  if (csv === undefined || lake === undefined) {
    console.error("usage: online_retail_check.ts --csv <folder|glob> --lake <lake> [--top-n 10]");
    Deno.exit(2);
  }
  const result = await checkOnlineRetail(csv, lake, Number(arg("top-n") ?? 10));
  console.log("rows by reason (duckdb | replay):");
  const reasons = new Set([
    ...Object.keys(result.reasons.duckdb),
    ...Object.keys(result.reasons.replay),
  ]);
  for (const reason of [...reasons].sort()) {
    console.log(
      `  ${reason.padEnd(18)} ${String(result.reasons.duckdb[reason] ?? 0).padStart(8)} | ` +
        `${String(result.reasons.replay[reason] ?? 0).padStart(8)}`,
    );
  }
  console.log(
    "\nmonth    gross (replay = duckdb)      returns       net             orders  match",
  );
  for (const m of result.months) {
    console.log(
      `${m.month}  ${money(m.replay?.gross).padStart(11)} = ${
        money(m.duckdb?.gross).padStart(11)
      }` +
        `  ${money(m.replay?.returns).padStart(10)}  ${money(m.replay?.net).padStart(11)}` +
        `  ${String(m.replay?.orders ?? "-").padStart(6)}  ${m.match ? "yes" : "NO"}`,
    );
  }
  console.log(
    `\ntop products: ${result.topProductRows} rows, ${result.topProductMismatches.length} differ`,
  );
  for (const line of result.topProductMismatches.slice(0, 20)) console.log(`  ${line}`);
  console.log(result.ok ? "\nOK: the replay equals DuckDB" : "\nMISMATCH");
  Deno.exit(result.ok ? 0 : 1);
}
