import assert from "node:assert/strict";
import { lockLake } from "../../pipeline/lake/lock_lake.ts";
import { StagedVersion } from "../../pipeline/lake/lake_versions.ts";
import { KEEP_REPLACED_MS } from "../../pipeline/lake/prune_versions.ts";
import { readTable } from "../../pipeline/lake/read_table.ts";
import { writeLiveParts } from "../../pipeline/lake/write_live_parts.ts";
import { tempDir } from "../temp_dir.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;

async function compact(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "compact", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("deno task compact on a missing lake fails with one line naming it", async () => {
  await using temp = await tempDir();
  const lake = `${temp.path}/nowhere`;
  const run = await compact(["--lake", lake]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`^error: Cannot compact lake ${lake}: `));
});

Deno.test("deno task compact --table refuses a table the lake does not have", async () => {
  const run = await compact(["--table", "orders"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /orders/);
});

Deno.test("deno task compact on a lake without live parts changes nothing", async () => {
  const lake = await Deno.makeTempDir();
  try {
    const run = await compact(["--lake", lake, "--table", "reviews"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "reviews      no live parts to merge\n");
    assert.deepEqual([...Deno.readDirSync(lake)], [], "nothing created in the lake");
  } finally {
    await Deno.remove(lake, { recursive: true });
  }
});

Deno.test("deno task compact waits while a replay holds the lake, and leaves its staging alone", async () => {
  const lake = await Deno.makeTempDir({ prefix: "compact_replay_" });
  const row = { source: "reviews", position: "p", reason: "invalid_rating", raw: "", eventTime: 0 };
  for (const first of [0, 10]) {
    const range = { topic: "shopease.reviews", partition: 0, first, last: first + 9 };
    await writeLiveParts(lake, "quarantine", range, [row]);
  }
  // A replay --replace writing this lake: it holds the lake's lock, and its staging version of
  // the table was made more than KEEP_REPLACED_MS ago (its folder's time does not move while the
  // files go into its date folders).
  const lock = await lockLake(lake);
  const stage = new StagedVersion(lake, "quarantine");
  const old = new Date(Date.now() - 2 * KEEP_REPLACED_MS);
  Deno.utimeSync(stage.dir, old, old);
  try {
    const run = compact(["--lake", lake, "--table", "quarantine"]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.ok(Deno.statSync(stage.dir).isDirectory, "the replay's staging version is still there");
    stage.commit({ mirror: false }); // the replay's version: none of the live parts
    lock[Symbol.dispose]();
    const done = await run;
    assert.equal(done.code, 0, done.stderr);
    assert.match(
      done.stderr,
      /another run \(replay, compact or consume\) is writing this lake; waiting/,
    );
    assert.equal(done.stdout, "quarantine   no live parts to merge\n");
    assert.deepEqual(await readTable(lake, "quarantine"), [], "no live row came back");
  } finally {
    lock[Symbol.dispose]();
    await Deno.remove(lake, { recursive: true });
  }
});

Deno.test("report, compact and generate refuse an argument that is not an option", async () => {
  // `report --lake L 2025-08` showed the default month, `compact --lake L activity` every table.
  for (const args of [["report", "2025-08"], ["compact", "activity"], ["generate", "medium"]]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 2, stderr);
    assert.match(stderr, new RegExp(`^error: ${args[0]} takes only options; got "${args[1]}"`));
  }
});
