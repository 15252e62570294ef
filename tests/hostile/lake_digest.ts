/**
 * Digests of every table and report of a lake, read by DuckDB (python3 -m duckdb), an engine
 * independent of the writer: per table the row count and an order-free hash of the row multiset.
 *
 * @module
 */

import { REPORT_NAMES } from "../../operators/registry.ts";
import { LAKE_TABLES } from "../../pipeline/lake/lake_schema.ts";

/** Everything a lake holds that a reader sees: tables, report Parquet, report JSON. */
export function lakeDatasets(): string[] {
  const out: string[] = [...LAKE_TABLES];
  for (const name of [...REPORT_NAMES, "summary"]) {
    out.push(`reports/${name}`, `reports/${name}.json`);
  }
  return out;
}

// Reads {lake, datasets} on stdin; prints {dataset: "absent" | "n=<rows> h=<hash>" | "error: …"}.
// A Parquet dataset is every *.parquet under its folder (what a Hive-style reader takes in).
const RUNNER = `
import duckdb, json, os, sys, glob
job = json.load(sys.stdin)
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
out = {}
for name in job["datasets"]:
    path = os.path.join(job["lake"], name)
    if name.endswith(".json"):
        if not os.path.exists(path):
            out[name] = "absent"; continue
        source = "read_json('" + path + "', format='array')"
    else:
        files = glob.glob(os.path.join(path, "**", "*.parquet"), recursive=True)
        if not files:
            out[name] = "absent"; continue
        source = "read_parquet(" + json.dumps(sorted(files)).replace('"', "'") + ", hive_partitioning=false)"
    try:
        n, h = con.execute("SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM " + source + " t").fetchone()
        out[name] = "n=%d h=%d" % (n, h)
    except Exception as e:
        out[name] = "error: " + str(e).splitlines()[0]
print(json.dumps(out))
`;

/**
 * Digest of each dataset of the lake.
 *
 * @param lake lake root
 * @returns dataset → `absent`, `n=<rows> h=<hash>` or `error: <DuckDB's message>`
 */
export async function lakeDigest(lake: string): Promise<Record<string, string>> {
  const child = new Deno.Command("python3", {
    args: ["-c", RUNNER],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ lake, datasets: lakeDatasets() })));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(`duckdb failed (exit ${code}): ${new TextDecoder().decode(stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(stdout));
}
