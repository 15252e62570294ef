/**
 * The hostile corpus (corpus.ts), one test per class of issue 10: each input is replayed by the
 * real command (in process, or as a child for classes that may end in a fatal error) into a
 * fresh lake and checked against the promises (check_run.ts). Easier to debug than the fuzzer:
 * the input of a failing class is written under the printed folder and kept.
 *
 * @module
 */

import assert from "node:assert/strict";
import { log } from "../../pipeline/log.ts";
import { checkRun, type InputExpectation } from "./check_run.ts";
import { hostileCorpus, writeEntry } from "./corpus.ts";
import { replayChild, replayInProcess } from "./run_replay.ts";
import { listFiles, readParquet } from "./scan_lake.ts";

const TABLES: Record<string, string> = {
  rees46: "activity",
  "online-retail": "transactions",
  "olist-reviews": "reviews",
};
const tableOf = (file: string, format?: string) =>
  format ? TABLES[format] : file.replace(/\..*$/, "");

log.setLevel("info");

for (const entry of hostileCorpus()) {
  Deno.test(`hostile corpus: ${entry.name} keeps every promise (${entry.issue})`, async () => {
    const dir = await Deno.makeTempDir({ prefix: `hostile_${entry.name}_` });
    const folder = await writeEntry(dir, entry);
    const lake = `${dir}/lake`;
    const inputs: InputExpectation[] = Object.keys(entry.files).map((name) => ({
      path: `${folder}/${name}`,
      table: tableOf(name, entry.format),
      records: entry.records?.[name],
      minValid: entry.minValid?.[name],
      allValid: entry.minValid?.[name] !== undefined &&
        entry.minValid[name] === entry.records?.[name],
      hasData: true,
      mayFail: entry.mayFail ?? false,
    }));
    const run = { inputs: [folder], lake, format: entry.format };
    const outcome = entry.child ? await replayChild(run) : await replayInProcess(run);
    const verdict = await checkRun(outcome, lake, inputs);
    const violations = [...verdict.violations];
    if (outcome.code === 0) violations.push(...await classChecks(entry.name, lake));
    if (violations.length === 0) await Deno.remove(dir, { recursive: true });
    assert.deepEqual(
      violations,
      [],
      `${entry.name} (input kept in ${folder}; rerun: deno run -A main.ts replay --input ${folder} ` +
        `--lake /tmp/x${entry.format ? ` --format ${entry.format}` : ""}):\n` +
        violations.map((v) => `  ✗ ${v.replaceAll("\n", "\n    ")}`).join("\n") +
        `\nstderr: ${outcome.stderr.slice(0, 500)}`,
    );
  });
}

/** Promises particular to one class. */
async function classChecks(name: string, lake: string): Promise<string[]> {
  const out: string[] = [];
  const quarantine = await readAll(lake, "quarantine");
  if (name === "future_transaction") {
    const summary = JSON.parse(await Deno.readTextFile(`${lake}/reports/summary.json`));
    const month = String(summary[0]?.last_complete_month);
    if (month.startsWith("9999")) out.push(`last complete month became ${month}`);
    const reasons = quarantine.map((q) => String(q.reason));
    if (!reasons.some((r) => r !== "late" && /time|future|plausib|range|window/i.test(r))) {
      out.push(
        `the 9999-12-31 record has no quarantine reason of its own (reasons: ${
          reasons.join(", ") || "none"
        })`,
      );
    }
  }
  if (name === "negative_activity_price") {
    const reasons = quarantine.map((q) => String(q.reason));
    if (!reasons.some((r) => /price/i.test(r))) {
      out.push(
        `a negative activity price was not quarantined for its price (reasons: ${
          reasons.join(", ") || "none"
        })`,
      );
    }
  }
  return out;
}

async function readAll(lake: string, table: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const rel of await listFiles(`${lake}/${table}`)) {
    if (rel.endsWith(".parquet")) rows.push(...await readParquet(`${lake}/${table}/${rel}`));
  }
  return rows;
}
