import assert from "node:assert/strict";
import { replay, type ReplayOptions } from "../../pipeline/replay.ts";
import { groupInputs } from "../../pipeline/sources/group_inputs.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";
import { readTable } from "../../pipeline/lake/read_table.ts";
import { fileTempDir } from "../temp_dir.ts";

const SAMPLE = new URL("../../data/sample/", import.meta.url).pathname;
const KEY = new TextEncoder().encode("replay-workers-test-key-0123456789");

/**
 * Replays `input` into a fresh lake (removed when the file's tests are done, also when the replay
 * fails), on a source worker or not; returns the lake.
 */
async function replayInto(input: string, workers: number, extra: Partial<ReplayOptions> = {}) {
  const lake = fileTempDir({ prefix: "replay_workers_test_" });
  const summary = await replay({
    inputs: await groupInputs([input]),
    lake,
    batchSize: 1000,
    lateness: 5 * 60_000,
    lookback: 24 * 3_600_000,
    topN: 10,
    spike: {},
    pseudonym: createPseudonymizer(KEY),
    anonKey: KEY,
    sourceWorkers: workers,
    workerMinBytes: 0, // small test inputs go to the worker too
    progress: false,
    ...extra,
  });
  return { lake, summary };
}

/** Every file a reader sees, path → bytes (table links followed, the version store skipped). */
async function lakeFiles(dir: string, prefix = "", out = new Map<string, Uint8Array>()) {
  for await (const e of Deno.readDir(dir)) {
    if (e.name === ".versions") continue;
    const path = `${dir}/${e.name}`;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if ((await Deno.stat(path)).isDirectory) await lakeFiles(path, rel, out);
    else out.set(rel, await Deno.readFile(path));
  }
  return out;
}

async function assertSameLake(a: string, b: string): Promise<number> {
  const left = await lakeFiles(a), right = await lakeFiles(b);
  assert.deepEqual([...right.keys()].sort(), [...left.keys()].sort());
  for (const [path, bytes] of left) assert.deepEqual(right.get(path), bytes, path);
  return left.size;
}

Deno.test("replay() on a source worker writes the same lake, byte for byte, as the serial path (data/sample)", async () => {
  const serial = await replayInto(SAMPLE, 0);
  const worker = await replayInto(SAMPLE, 1);
  assert.ok(await assertSameLake(serial.lake, worker.lake) > 100);
  assert.equal(worker.summary.records, serial.summary.records);
});

const HEADER =
  "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

Deno.test("replay() on a source worker quarantines hostile activity rows exactly as the serial path", async () => {
  const dir = fileTempDir({ prefix: "replay_workers_hostile_" });
  const lines = [HEADER];
  for (let i = 0; i < 3000; i++) {
    const minute = String(i % 60).padStart(2, "0");
    lines.push(
      `2024-10-01 10:${minute}:00 UTC,view,${100 + i % 7},,,acme,1.50,${i % 97},s${i % 13}`,
    );
    if (i === 10) lines.push(`2024-10-01 10:00:00 UTC,view,"unclosed,1,,,x,1.0,u9,s9,extra`);
    if (i === 20) lines.push(`not a time,view,1,,,acme,1.00,u1,s1`);
    if (i === 30) lines.push(`9999-01-01 00:00:00 UTC,cart,1,,,acme,1.00,u2,s2`);
    if (i === 40) lines.push(`2024-10-01 10:00:00 UTC,view,1,,,acme,1.00,u3`); // a field short
  }
  await Deno.writeTextFile(`${dir}/activity.csv`, lines.join("\n") + "\n");
  await Deno.writeTextFile(`${dir}/activity_2.csv`, ""); // an empty file of the same table
  await Deno.writeTextFile(`${dir}/activity_3.csv`, HEADER + "\n");
  const plausibleTime = { min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) };
  const serial = await replayInto(dir, 0, { plausibleTime });
  const worker = await replayInto(dir, 1, { plausibleTime });
  await assertSameLake(serial.lake, worker.lake);
  const reasons = (await readTable(worker.lake, "quarantine")).map((r) => r.reason);
  for (const reason of ["malformed_csv", "invalid_timestamp", "implausible_time"]) {
    assert.ok(reasons.includes(reason), `${reason} in ${JSON.stringify(reasons)}`);
  }
});

Deno.test("replay() on a source worker fails with the serial path's one-line error, naming the file", async () => {
  const dir = fileTempDir({ prefix: "replay_workers_error_" });
  await Deno.writeTextFile(`${dir}/activity.csv`, "colour,shape,size\nred,round,3\n");
  const serial = await replayInto(dir, 0).then(() => null, (e: Error) => e);
  const worker = await replayInto(dir, 1).then(() => null, (e: Error) => e);
  assert.ok(serial instanceof Error && worker instanceof Error);
  assert.equal(worker.message, serial.message);
  assert.equal(worker.name, serial.name);
  assert.match(worker.message, /activity\.csv/);
  assert.doesNotMatch(worker.message, /\n/);
});
