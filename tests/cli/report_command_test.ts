import assert from "node:assert/strict";
import { dirname } from "node:path";
import { REAL } from "../pipeline/formats/replay_format.ts";
import { ONLINE_RETAIL, replayedLake } from "../pipeline/sql/lake_fixture.ts";
import { makeFifo } from "../fifo_fixture.ts";
import { tempDir } from "../temp_dir.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const lake = await replayedLake([ONLINE_RETAIL], "online-retail");

async function report(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "report", ...args],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000), // a hang fails the test, with the status of a kill
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("report lists the months, names the last complete one and why, then its top 10", async () => {
  const { code, stdout } = await report("--lake", lake);
  assert.equal(code, 0);
  assert.match(stdout, /^Months with transactions: 2011-04, 2011-07, 2011-08, 2011-09$/m);
  assert.match(
    stdout,
    /^Last complete month: 2011-08 \(the latest transaction, 2011-09-25T16:06:00\.000Z, is in 2011-09, whose end the data has not reached\)$/m,
  );
  assert.match(stdout, /^Top 10 products of 2011-08:$/m);
});

Deno.test("report --month shows a month the lake has", async () => {
  const { code, stdout } = await report("--lake", lake, "--month", "2011-09");
  assert.equal(code, 0);
  assert.match(stdout, /^Top \d+ products of 2011-09:$/m);
});

Deno.test("report --month rejects a malformed month (exit 2) and a month without data (exit 1)", async () => {
  for (const month of ["2025-13", "2025-1", "last"]) {
    const out = await report("--lake", lake, "--month", month);
    assert.equal(out.code, 2, month);
    assert.match(out.stderr, /^error: --month must be YYYY-MM with a month 01-12, got "/);
  }
  const none = await report("--lake", lake, "--month", "2030-01");
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /^error: no purchases in 2030-01 in .* \(it has transactions in 2011-04, 2011-07, 2011-08, 2011-09\)\n$/,
  );
});

Deno.test("report on a lake without transactions says so and exits 1", async () => {
  const clicks = await replayedLake([`${REAL}rees46`], "rees46");
  try {
    const out = await report("--lake", clicks);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /^error: .* holds no transactions, so it has no top products or revenue/,
    );
    assert.doesNotMatch(out.stdout, /Top 0/);
  } finally {
    await Deno.remove(dirname(clicks), { recursive: true });
  }
});

Deno.test("report names a reports link that points at nothing instead of 'no reports yet'", async () => {
  const copy = `${dirname(lake)}/no_reports`;
  const cp = await new Deno.Command("cp", { args: ["-a", lake, copy] }).output();
  assert.equal(cp.code, 0);
  await Deno.remove(`${copy}/.versions/reports`, { recursive: true });
  const out = await report("--lake", copy);
  assert.equal(out.code, 1);
  assert.equal(out.stdout, "");
  assert.equal(
    out.stderr,
    `error: ${copy}/reports links to .versions/reports/v000001, which is missing: the lake is ` +
      `damaged or half-copied; rebuild it with 'deno task replay --input <its data> --lake ` +
      `${copy}'\n`,
  );
});

/**
 * `report` on a copy of the lake whose report `name` was damaged: its text replaced by `damage`,
 * or `damage` called with its path.
 */
async function damaged(
  name: string,
  damage: string | ((path: string) => Promise<void>),
): Promise<{ code: number; stdout: string; stderr: string; path: string }> {
  await using dir = await tempDir({ prefix: "report_damaged_" });
  const copy = `${dir.path}/lake`;
  const cp = await new Deno.Command("cp", { args: ["-a", lake, copy] }).output();
  assert.equal(cp.code, 0);
  const file = `${await Deno.realPath(`${copy}/reports`)}/${name}.json`;
  await (typeof damage === "string" ? Deno.writeTextFile(file, damage) : damage(file));
  return { ...await report("--lake", copy), path: `${copy}/reports/${name}.json` };
}

Deno.test("report with a FIFO for a report file fails in one line at once", async () => {
  const out = await damaged("monthly_revenue", async (path) => {
    await Deno.remove(path);
    await makeFifo(path);
  });
  assert.equal(out.code, 1, out.stderr);
  assert.equal(out.stderr, `error: Cannot read report ${out.path}: not a regular file (a FIFO)\n`);
});

Deno.test("report on a damaged report file fails in one line naming the file and what is wrong", async () => {
  const sparse = async (path: string) => await Deno.truncate(path, 700 * 1024 * 1024);
  const summary = '[{"latest_transaction":1,"last_complete_month":"2011-08"}]';
  const cases: [string, string | ((path: string) => Promise<void>), string][] = [
    [
      "monthly_revenue",
      (path) => Deno.truncate(path, 200),
      "Cannot read report {}: not valid JSON \\(.+ at line \\d+ column \\d+\\)",
    ],
    ["top_products", "", "Cannot read report {}: the file is empty"],
    ["monthly_revenue", "{}", "Report {} is not a JSON array \\(an object\\)"],
    ["monthly_revenue", "null", "Report {} is not a JSON array \\(null\\)"],
    [
      "monthly_revenue",
      "[1,2,3]",
      "Report {} is not a JSON array of objects \\(row 1 is a number\\)",
    ],
    ["monthly_revenue", '[{"gross":1}]', "Report {}: row 1: month is missing, not a string"],
    ["summary", summary, "Report {}: latest_transaction is a number, not a string or null"],
    [
      "monthly_revenue",
      sparse,
      "Cannot read report {}: 734003200 bytes, over the limit of 536870888",
    ],
  ];
  for (const [name, damage, expected] of cases) {
    const out = await damaged(name, damage);
    const path = out.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.equal(out.code, 1, `${expected}: ${out.stderr}`);
    assert.match(out.stderr, new RegExp(`^error: ${expected.replace("{}", path)}\\n$`));
    assert.doesNotMatch(out.stderr, /"/, "nothing of the file's text is quoted");
    assert.equal(out.stdout, "", expected);
  }
});

Deno.test("report's scratch lake is removed", async () => {
  await Deno.remove(dirname(lake), { recursive: true });
});
