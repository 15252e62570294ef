/**
 * Shared steps of the live lake tests: the real CLI in child processes (`produce`, `replay`,
 * `consume`) against the real broker and Redis, and the comparison of two lakes with DuckDB.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { realServices, uniqueName } from "../../dev/services/real_services.ts";
import { lakeDigest } from "../../hostile/lake_digest.ts";
import { duckdbQuery } from "../formats/duckdb_query.ts";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { logLevel } from "kafkajs";
import { SnapshotStore } from "../../../pipeline/live_lake/snapshot_store.ts";
import { fileTempDir } from "../../temp_dir.ts";

/** The repository root: the CLI runs there. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** `data/sample`. */
export const SAMPLE = `${ROOT}data/sample`;
/** One key for every run of a test, so pseudonyms agree between lakes. */
export const KEY = "live-lake-equivalence-key-0123456789";

/** A test's own topics and group, with the service endpoints. */
export interface LiveLakeCase {
  prefix: string;
  group: string;
  kafkaBrokers: string;
  redisUrl: string;
  env: Record<string, string>;
}

/** Names a new case (topics `<prefix>activity`…, a group) on the real services. */
export async function liveLakeCase(label: string): Promise<LiveLakeCase> {
  const { kafkaBrokers, redisUrl } = await realServices();
  const name = uniqueName(label);
  return {
    prefix: `${name}.`,
    group: name,
    kafkaBrokers,
    redisUrl,
    env: { KAFKA_BROKERS: kafkaBrokers, REDIS_URL: redisUrl, SHOPEASE_ANON_KEY: KEY },
  };
}

/** `deno run -A main.ts <args>` as a child; resolves to its output, throws on failure. */
export async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `deno task ${args[0]} failed (exit ${out.code}):\n${text}`);
  return text;
}

/** Starts `deno task consume` as a child (to kill it); its output is discarded. */
export function spawnConsume(
  c: LiveLakeCase,
  lake: string,
  extra: string[] = [],
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...consumeArgs(c, lake), ...extra],
    cwd: ROOT,
    env: c.env,
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/**
 * Runs `deno task consume` for a case to its end (killed after `timeoutMs`): its exit code and
 * standard error.
 */
export async function runConsume(
  c: LiveLakeCase,
  lake: string,
  extra: string[] = [],
  env: Record<string, string> = c.env,
  timeoutMs = 120_000,
): Promise<{ code: number; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...consumeArgs(c, lake), ...extra],
    cwd: ROOT,
    env,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const out = await child.output();
    return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** Arguments of `consume` for a case. */
export function consumeArgs(c: LiveLakeCase, lake: string): string[] {
  return ["consume", "--lake", lake, "--topic-prefix", c.prefix, "--group", c.group];
}

/**
 * Replays `data/sample` into a new lake (once per test file, removed when it unloads) and returns
 * its root.
 */
let replayed: Promise<string> | null = null;
export function replayLake(env: Record<string, string>): Promise<string> {
  replayed ??= (async () => {
    const lake = fileTempDir({ prefix: "replay-lake-" });
    await cli(["replay", "--input", SAMPLE, "--lake", lake, "--no-progress"], env);
    return lake;
  })();
  return replayed;
}

/**
 * Asserts that two lakes hold the same rows: every clean table and every report (Parquet and
 * JSON) as a multiset (DuckDB digests), and quarantine as counts per table and reason (live
 * quarantine rows name topic partitions and offsets where replay names files and lines).
 */
export async function assertSameLake(live: string, replay: string): Promise<void> {
  const [a, b] = await Promise.all([lakeDigest(live), lakeDigest(replay)]);
  delete a.quarantine;
  delete b.quarantine;
  assert.deepEqual(a, b);
  const reasons = (lake: string) =>
    duckdbQuery("", { parts: `${lake}/quarantine/*/*.parquet` }, {
      rows: `SELECT reason, count(*) AS n FROM read_parquet(getvariable('parts'),
        hive_partitioning=false) GROUP BY reason ORDER BY reason`,
    });
  assert.deepEqual((await reasons(live)).rows, (await reasons(replay)).rows);
  for (const name of ["top_products", "monthly_revenue", "summary"]) {
    assert.equal(
      await Deno.readTextFile(`${live}/reports/${name}.json`),
      await Deno.readTextFile(`${replay}/reports/${name}.json`),
      `reports/${name}.json differs`,
    );
  }
}

/** Deletes the case's topics and its groups' snapshots in Redis (best effort). */
export async function deleteTopics(c: LiveLakeCase): Promise<void> {
  for (const group of [c.group, `${c.group}-two`, `${c.group}-lake`]) {
    const store = await SnapshotStore.connect(c.redisUrl, `shopease:lake:${group}`);
    await store.clear();
    await store.close();
  }
  const admin = createKafka(c.kafkaBrokers.split(","), { logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = ["activity", "transactions", "inventory", "reviews"].map((t) => c.prefix + t);
    await admin.deleteTopics({ topics });
  } catch {
    // Topics of a failed test may not exist; nothing else to clean.
  } finally {
    await admin.disconnect();
  }
}

/** Asserts that `deno task sql --example` prints the same on both lakes (DuckDB over the views). */
export async function assertSameSql(
  live: string,
  replay: string,
  env: Record<string, string>,
): Promise<void> {
  for (const example of ["top10", "revenue", "turnover"]) {
    const [a, b] = await Promise.all([
      cli(["sql", "--lake", live, "--example", example], env),
      cli(["sql", "--lake", replay, "--example", example], env),
    ]);
    assert.ok(a.includes("row"), a);
    assert.equal(a, b, `sql --example ${example} differs`);
  }
}
