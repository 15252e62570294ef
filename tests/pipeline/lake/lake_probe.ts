/**
 * Test helpers that look at a lake from outside, as its readers do: DuckDB over
 * `<lake>/<table>/**\/*.parquet`, the files behind the tables' links, the leftovers of a run, and
 * the `replay` command run as a child process.
 *
 * @module
 */

import { FORMAT_PRESETS } from "../../../pipeline/formats/format_presets.ts";
import { lakeDataset, writeLakeDataset } from "../../../pipeline/lake/lake_dataset.ts";
import { groupInputs } from "../../../pipeline/sources/group_inputs.ts";
import { LAKE_TABLES } from "../../../pipeline/lake/lake_schema.ts";
import { REPORT_NAMES } from "../../../operators/registry.ts";

const MAIN = new URL("../../../main.ts", import.meta.url).pathname;
/** Every report of a replay: the streamed ones and the summary. */
export const REPORTS: readonly string[] = [...REPORT_NAMES, "summary"];

/** DuckDB reads each table and report; one digest per unit: `rows:md5` (+ `|sha256` of JSON). */
const DIGEST_PY = `
import duckdb, hashlib, json, os, sys
lake, tables, reports = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
con = duckdb.connect()
def digest(glob, hive):
    try:
        n, h = con.execute(
            "SELECT count(*), md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) FROM "
            f"(SELECT CAST(t AS VARCHAR) AS r FROM read_parquet(?, hive_partitioning={hive}) t)",
            [glob]).fetchone()
        return f"{n}:{h}"
    except duckdb.IOException as e:
        if "No files found" in str(e): return "missing"
        raise
out = {}
for t in tables:
    out[t] = digest(f"{lake}/{t}/**/*.parquet", "true")
for r in reports:
    p = f"{lake}/reports/{r}.json"
    j = hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.exists(p) else "missing"
    out[f"reports/{r}"] = digest(f"{lake}/reports/{r}/*.parquet", "false") + "|" + j
print(json.dumps(out))
`;

/** Whether python3 with the duckdb module is there. */
export function hasDuckdb(): boolean {
  try {
    return new Deno.Command("python3", { args: ["-c", "import duckdb"], stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/**
 * What DuckDB reads in every table and report of `lake` (row multiset digests; a report's
 * Parquet and JSON together), keyed `activity`, …, `reports/<name>`; `missing` when no file.
 */
export async function unitDigests(lake: string): Promise<Record<string, string>> {
  const output = await new Deno.Command("python3", {
    args: ["-c", DIGEST_PY, lake, LAKE_TABLES.join(","), REPORTS.join(",")],
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`DuckDB could not read ${lake}: ${new TextDecoder().decode(output.stderr)}`);
  }
  return JSON.parse(text);
}

/** Every file a reader sees under `dir` (links followed, `.versions` skipped): path → bytes. */
export function readerFiles(dir: string, prefix = ""): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const entries = [...Deno.readDirSync(`${dir}/${prefix}`)]
    .filter((entry) => entry.name !== ".versions")
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (Deno.statSync(`${dir}/${path}`).isDirectory) {
      for (const [p, bytes] of readerFiles(dir, path)) files.set(p, bytes);
    } else files.set(path, Deno.readFileSync(`${dir}/${path}`));
  }
  return files;
}

/** Paths that differ between two `readerFiles` snapshots (missing on one side, or other bytes). */
export function differences(a: Map<string, Uint8Array>, b: Map<string, Uint8Array>): string[] {
  const out: string[] = [];
  for (const [path, bytes] of a) {
    const other = b.get(path);
    if (other === undefined) out.push(`only in the first: ${path}`);
    else if (!sameBytes(bytes, other)) out.push(`differs: ${path}`);
  }
  for (const path of b.keys()) if (!a.has(path)) out.push(`only in the second: ${path}`);
  return out;
}

/** Leftovers of a run anywhere under the lake: staging versions and temporary files. */
export function leftovers(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.name.endsWith(".staging") || /^\..*\.tmp$/.test(entry.name)) out.push(path);
    else if (entry.isDirectory) out.push(...leftovers(path));
  }
  return out;
}

/** Result of a child `replay`. */
export interface CliResult {
  code: number;
  stderr: string;
}

/** Arguments and environment of `deno run -A main.ts replay …` (`extra`: more options). */
export function replayCommand(inputs: string[], lake: string, extra: string[] = []): Deno.Command {
  const input = inputs.flatMap((i) => ["--input", i]);
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", ...input, "--lake", lake, ...extra],
    env: { SHOPEASE_ANON_KEY: "lake-probe-test-key-0123456789abcdef", NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  });
}

/** Runs `replay` to its end (killed after `timeoutMs`, failing the test, if it hangs). */
export async function runReplay(
  inputs: string[],
  lake: string,
  timeoutMs = 120_000,
  extra: string[] = [],
): Promise<CliResult> {
  const child = replayCommand(inputs, lake, extra).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const { code, stderr } = await child.output();
    if (code === 137 || code === 128 + 9) throw new Error(`replay hung past ${timeoutMs} ms`);
    return { code, stderr: new TextDecoder().decode(stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes an input set that differs from data/sample in every table: the first rows of activity
 * and inventory (so the partitions of later days are kept, not rewritten, by a replay of it),
 * and every table's rows thinned out a little (transactions, reviews).
 */
export function writeSubsetInput(sample: string, dir: string): void {
  Deno.mkdirSync(dir, { recursive: true });
  const lines = (name: string) => Deno.readTextFileSync(`${sample}/${name}`).split("\n");
  const write = (name: string, kept: string[]) =>
    Deno.writeTextFileSync(`${dir}/${name}`, kept.join("\n") + "\n");
  write("activity.csv", lines("activity.csv").slice(0, 24_001));
  write("inventory.csv", lines("inventory.csv").slice(0, 6_001));
  write("transactions.ndjson", lines("transactions.ndjson").filter((_, i) => i % 7 !== 3));
  const reviews = JSON.parse(Deno.readTextFileSync(`${sample}/reviews.json`)) as unknown[];
  Deno.writeTextFileSync(
    `${dir}/reviews.json`,
    JSON.stringify(reviews.filter((_, i) => i % 5 !== 2)),
  );
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Copies a lake as it is on disk (links stay links). */
export function copyLake(from: string, to: string): void {
  const { success } = new Deno.Command("cp", { args: ["-a", from, to] }).outputSync();
  if (!success) throw new Error(`cp -a ${from} ${to} failed`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Makes the copied lake's manifest name `inputs` as its dataset, as if the lake had been replayed
 * from these very paths before they turned unreadable: the replay then runs in place (a replay
 * of ANOTHER dataset is refused before it touches the lake, see lake_target_test.ts).
 */
export async function claimLake(
  lake: string,
  inputs: string[],
  extra: string[] = [],
): Promise<void> {
  const format = extra.includes("--format") ? extra[extra.indexOf("--format") + 1] : "shopease";
  const table = FORMAT_PRESETS[format].table;
  await writeLakeDataset(lake, lakeDataset(format, await groupInputs(inputs, table)));
}
