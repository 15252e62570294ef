/**
 * The promises every hostile-input run must keep, checked on one finished replay:
 *
 * 1. no crash: the run completes, or fails with ONE `error:` line naming the path, exit 1 (a
 *    usage error, exit 2, is accepted for a refused header), and no stack;
 * 2. input = valid + quarantined for each input file, and the lake holds exactly that many rows;
 *    every quarantine row has a reason; a non-empty file is never read as nothing in silence;
 * 3. no raw id marker in any string cell of any Parquet file, in any other lake file, or in
 *    anything the run printed.
 *
 * @module
 */

import { basename } from "node:path";
import { describeLeaks, type Leak, leaksIn } from "./markers.ts";
import type { ReplayOutcome } from "./run_replay.ts";
import { scanLake } from "./scan_lake.ts";

/** One input file of a run and what is known of it by construction. */
export interface InputExpectation {
  path: string;
  /** The table its rows feed. */
  table: string;
  /** Exact number of records the file holds, when the mutations keep it knowable. */
  records?: number;
  /** Every record is valid (a dialect the product promises to read). */
  allValid?: boolean;
  /** At least this many records are valid (e.g. all but the one a stray quote spoils). */
  minValid?: number;
  /** The file holds data beyond any header, so reading 0 records is a silent loss. */
  hasData?: boolean;
  /** A fatal error is an acceptable answer to this file (else the run must complete). */
  mayFail?: boolean;
}

/** The verdict on one run. */
export interface RunVerdict {
  /** Broken promises, readable. */
  violations: string[];
  /** Invariant checks performed (for the fuzzer's figures). */
  checks: number;
  /** Leaks, for callers that group them. */
  leaks: Leak[];
}

/**
 * Checks one finished replay against the promises.
 *
 * @param outcome what the run returned and printed
 * @param lake the lake it wrote
 * @param inputs the input files and what is known of them
 */
export async function checkRun(
  outcome: ReplayOutcome,
  lake: string,
  inputs: readonly InputExpectation[],
): Promise<RunVerdict> {
  const violations: string[] = [];
  let checks = 0;
  const check = (category: string, ok: boolean, message: () => string) => {
    checks++;
    if (!ok) violations.push(`[${category}] ${message()}`);
  };

  // 1. No crash; a fatal error is one line naming the path.
  const failed = outcome.code !== 0;
  const names = [lake, ...inputs.map((i) => basename(i.path))];
  if (failed) {
    const text = outcome.errorText ?? "";
    check(
      "fatal:exit-status",
      outcome.code === 1 || outcome.code === 2,
      () => `exit status ${outcome.code}`,
    );
    check(
      "fatal:not-one-line",
      text.split("\n").length === 1 && text.length > 0,
      () => `fatal error is not exactly one line: ${JSON.stringify(text.slice(0, 400))}`,
    );
    check(
      "fatal:names-no-path",
      names.some((n) => text.includes(n)),
      () => `fatal error names no input file or lake path: ${JSON.stringify(text.slice(0, 300))}`,
    );
    check(
      "fatal:stack",
      !/^\s+at |Uncaught/m.test(outcome.stderr),
      () => `stack or uncaught error printed:\n${outcome.stderr.slice(0, 600)}`,
    );
    check(
      "crash",
      !/^(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b/.test(
        outcome.stack ?? "",
      ),
      () =>
        `programming error escaped: ${(outcome.stack ?? "").split("\n").slice(0, 4).join(" | ")}`,
    );
    const refused = inputs.filter((i) => !i.mayFail).map((i) => basename(i.path));
    check(
      "fatal:refused-readable-input",
      refused.length === 0,
      () => `run failed on input it must read (${refused.join(", ")}): ${text.slice(0, 300)}`,
    );
  }

  // 3. No raw id anywhere (scanned first: it also reads every table for the counts).
  const scan = await scanLake(lake);
  const leaks = [
    ...scan.leaks,
    ...leaksIn("stdout", "", outcome.stdout),
    ...leaksIn("stderr", "", outcome.stderr),
  ];
  checks += scan.checked + 2;
  const leakKinds = new Map<string, Leak[]>();
  for (const leak of leaks) {
    const kind = `leak:${leak.where.split("/")[0]}${leak.column ? `.${leak.column}` : ""}`;
    leakKinds.set(kind, [...leakKinds.get(kind) ?? [], leak]);
  }
  for (const [kind, found] of leakKinds) violations.push(`[${kind}] ${describeLeaks(found)}`);
  check(
    "lake:unreadable-parquet",
    scan.unreadable.length === 0,
    () => `unreadable Parquet: ${scan.unreadable.join("; ")}`,
  );
  if (failed) return { violations, checks, leaks };

  // 2. Accounting, per input file (each test gives one file per table).
  const quality = scan.rows.get("reports/quality") ?? [];
  const quarantine = scan.rows.get("quarantine") ?? [];
  for (const q of quarantine) {
    check(
      "quarantine:no-reason",
      typeof q.reason === "string" && q.reason.length > 0 &&
        !/^(valid|total_input)$/.test(q.reason),
      () => `quarantine row without a reason: ${JSON.stringify(q).slice(0, 200)}`,
    );
  }
  for (const input of inputs) {
    const file = basename(input.path);
    const counts = new Map<string, number>();
    for (const row of quality) {
      if (row.source === input.table) counts.set(String(row.reason), Number(row.count));
    }
    const total = counts.get("total_input") ?? 0;
    const valid = counts.get("valid") ?? 0;
    let reasons = 0;
    for (const [reason, n] of counts) {
      if (reason !== "valid" && reason !== "total_input") reasons += n;
    }
    const stored = (scan.rows.get(input.table) ?? []).length;
    const held = quarantine.filter((q) => q.source === input.table).length;
    const fileHeld = quarantine.filter((q) => String(q.position).startsWith(file)).length;
    check(
      "count:no-total",
      counts.has("total_input"),
      () => `${file}: no total_input row in reports/quality`,
    );
    check(
      "count:input-not-valid-plus-quarantined",
      total === valid + reasons,
      () => `${file}: input ${total} ≠ valid ${valid} + quarantined ${reasons} (quality report)`,
    );
    check(
      "count:lake-rows-not-valid",
      stored === valid,
      () => `${file}: quality says valid ${valid}, ${input.table} holds ${stored} rows`,
    );
    check(
      "count:quarantine-rows-mismatch",
      held === total - valid,
      () => `${file}: quality says ${total - valid} quarantined, quarantine holds ${held} rows`,
    );
    check(
      "count:position-names-no-file",
      fileHeld === held,
      () =>
        `${file}: ${
          held - fileHeld
        } quarantine rows of ${input.table} do not name the file in position`,
    );
    const line = new RegExp(
      `^${input.table}: input (\\d+) = valid (\\d+) \\+ quarantined (\\d+)`,
      "m",
    )
      .exec(outcome.stdout);
    check(
      "count:summary-line-mismatch",
      line !== null && Number(line[1]) === total && Number(line[2]) === valid,
      () =>
        `${file}: summary line ${
          line ? JSON.stringify(line[0]) : "missing"
        } ≠ quality report (input ${total}, valid ${valid})`,
    );
    if (input.records !== undefined) {
      check(
        "count:records-lost-or-invented",
        total === input.records,
        () =>
          `${file}: holds ${input.records} records, replay counted input ${total} (valid ${valid})`,
      );
    }
    if (input.allValid && input.records !== undefined) {
      const reasonsText = [...counts].filter(([r]) => r !== "valid" && r !== "total_input")
        .map(([r, n]) => `${r} ${n}`).join(", ");
      check(
        "dialect:not-all-valid",
        valid === input.records,
        () =>
          `${file}: a readable dialect, ${input.records} valid records expected, got valid ${valid} (${reasonsText})`,
      );
    }
    if (input.minValid !== undefined) {
      const reasonsText = [...counts].filter(([r]) => r !== "valid" && r !== "total_input")
        .map(([r, n]) => `${r} ${n}`).join(", ");
      check(
        "count:too-few-valid",
        valid >= input.minValid,
        () =>
          `${file}: at least ${input.minValid} valid records expected, got valid ${valid} of input ${total} (${reasonsText})`,
      );
    }
    if (input.hasData) {
      check(
        "count:silent-empty-read",
        total > 0,
        () => `${file}: holds data but was read as input 0 without an error`,
      );
    }
  }
  return { violations, checks, leaks };
}
