/**
 * Fatal errors of `replay`: one line naming the path and the cause, exit status 1, no stack
 * (a stack only at `SHOPEASE_LOG_LEVEL=debug`), and a failed run into an existing lake leaves it
 * exactly as it was (same files, same bytes, no leftovers).
 *
 * @module
 */

import assert from "node:assert/strict";
import { replayChild, type ReplayOutcome } from "./run_replay.ts";
import { listFiles } from "./scan_lake.ts";

const SAMPLE = new URL("../../data/sample/", import.meta.url).pathname;

/**
 * A small lake, already written by a completed replay of `<dir>/input`. The failing run then
 * replays the same folder (the same dataset) with one file replaced.
 */
async function existingLake(dir: string): Promise<{ input: string; lake: string }> {
  const input = `${dir}/input`;
  await Deno.mkdir(input, { recursive: true });
  const activity = (await Deno.readTextFile(`${SAMPLE}activity.csv`)).split("\n").slice(0, 3_001);
  await Deno.writeTextFile(`${input}/activity.csv`, activity.join("\n") + "\n");
  await Deno.copyFile(`${SAMPLE}transactions.ndjson`, `${input}/transactions.ndjson`);
  await Deno.copyFile(`${SAMPLE}reviews.json`, `${input}/reviews.json`);
  const lake = `${dir}/lake`;
  const done = await replayChild({ inputs: [input], lake });
  assert.equal(done.code, 0, done.stderr);
  return { input, lake };
}

async function snapshot(lake: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listFiles(lake, [".versions"])) {
    const bytes = await Deno.readFile(`${lake}/${rel}`);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    out.set(rel, Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return out;
}

function lakeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [rel, hash] of before) {
    if (!after.has(rel)) out.push(`deleted ${rel}`);
    else if (after.get(rel) !== hash) out.push(`rewritten ${rel}`);
  }
  for (const rel of after.keys()) if (!before.has(rel)) out.push(`left behind ${rel}`);
  return out;
}

/** The promises of a fatal error, as readable problems. */
function fatalProblems(outcome: ReplayOutcome, path: string): string[] {
  const out: string[] = [];
  const errorLines = outcome.stderr.split("\n").filter((l) => /^error\b/i.test(l));
  if (outcome.code !== 1) out.push(`exit status ${outcome.code}, expected 1`);
  if (errorLines.length !== 1) out.push(`${errorLines.length} error lines, expected 1`);
  else if (!errorLines[0].includes(path)) {
    out.push(`the error does not name ${path}: ${JSON.stringify(errorLines[0])}`);
  }
  if (/^\s+at |Uncaught/m.test(outcome.stderr)) out.push("a stack or 'Uncaught' was printed");
  return out;
}

Deno.test("replay of an input that fails with EIO into an existing lake: one line naming the file, exit 1, lake untouched", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile_eio_" });
  const { input, lake } = await existingLake(dir);
  const before = await snapshot(lake);
  // Reading /proc/self/mem at offset 0 fails with EIO (os error 5), like a failing disk.
  await Deno.remove(`${input}/activity.csv`);
  await Deno.symlink("/proc/self/mem", `${input}/activity.csv`);
  const outcome = await replayChild({ inputs: [input], lake });
  const problems = [
    ...fatalProblems(outcome, `${input}/activity.csv`),
    ...lakeChanges(before, await snapshot(lake)),
  ];
  if (problems.length === 0) await Deno.remove(dir, { recursive: true });
  assert.deepEqual(problems, [], `stderr:\n${outcome.stderr.slice(0, 1500)}`);
});

Deno.test("replay of a FIFO input ends with one line naming it, exit 1, within 20 s, lake untouched", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile_fifo_" });
  const { input, lake } = await existingLake(dir);
  const before = await snapshot(lake);
  const fifo = `${input}/transactions.ndjson`;
  await Deno.remove(fifo);
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.equal(made.code, 0, "mkfifo");
  const MAIN = new URL("../../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", "--input", input, "--lake", lake, "--no-progress"],
    env: { SHOPEASE_ANON_KEY: "hostile-input-test-key-0123456789abcdef" },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const result = await child.output();
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(result.stderr);
  const outcome: ReplayOutcome = {
    code: result.signal === "SIGKILL" ? -9 : result.code,
    stdout: new TextDecoder().decode(result.stdout),
    stderr,
    millis: 0,
  };
  const problems = [
    ...(result.signal === "SIGKILL"
      ? ["still running after 20 s (killed): a FIFO hangs the replay"]
      : []),
    ...fatalProblems(outcome, fifo),
    ...lakeChanges(before, await snapshot(lake)),
  ];
  if (problems.length === 0) await Deno.remove(dir, { recursive: true });
  assert.deepEqual(problems, [], `stderr:\n${stderr.slice(0, 1500)}`);
});

Deno.test("replay into a lake path that is a file: one line naming it, exit 1, a stack only at debug level", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostile_lakefile_" });
  const lake = `${dir}/lake`;
  await Deno.writeTextFile(lake, "not a folder\n");
  const run = { inputs: [`${SAMPLE}reviews.json`], lake };
  const plain = await replayChild(run);
  assert.deepEqual(fatalProblems(plain, lake), [], plain.stderr);
  const debug = await replayChild(run, { SHOPEASE_LOG_LEVEL: "debug" });
  assert.equal(debug.code, 1, debug.stderr);
  assert.match(debug.stderr, /^\s+at /m, `no stack at debug level:\n${debug.stderr}`);
  await Deno.remove(dir, { recursive: true });
});
