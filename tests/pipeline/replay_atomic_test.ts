/**
 * A replay that fails into an existing lake leaves every table and report as it was, and says
 * why in one line naming the file. Runs the real `replay` command as a child process.
 */

import assert from "node:assert/strict";
import {
  claimLake,
  copyLake,
  differences,
  leftovers,
  readerFiles,
  runReplay,
  writeSubsetInput,
} from "./lake/lake_probe.ts";

const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;

/** One line, `error: …`, naming `path`, no stack. */
function assertOneLineError(stderr: string, path: string, cause: RegExp): void {
  const lines = stderr.trimEnd().split("\n").filter((line) => !line.startsWith("replay ("));
  assert.equal(lines.length, 1, `one error line expected, got:\n${stderr}`);
  assert.match(lines[0], /^error: /);
  assert.ok(lines[0].includes(path), `the error names ${path}: ${lines[0]}`);
  assert.match(lines[0], cause);
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack");
}

const work = Deno.makeTempDirSync({ prefix: "replay_atomic_test_" });
const existing = `${work}/existing`;
const subset = `${work}/subset`;
writeSubsetInput(SAMPLE, subset);
const first = await runReplay([SAMPLE], existing);
assert.equal(first.code, 0, first.stderr);
const before = readerFiles(existing);

/** A fresh copy of the existing lake, replayed into with `inputs`; asserts nothing changed. */
async function failInto(
  inputs: string[],
  path: string,
  cause: RegExp,
  extra: string[] = [],
): Promise<void> {
  const lake = `${work}/lake_${crypto.randomUUID()}`;
  copyLake(existing, lake);
  await claimLake(lake, inputs, extra);
  const result = await runReplay(inputs, lake, 60_000, extra);
  assert.equal(result.code, 1, result.stderr);
  assertOneLineError(result.stderr, path, cause);
  const changed = differences(before, readerFiles(lake)).filter((d) => d !== "differs: _lake.json");
  assert.deepEqual(
    changed,
    [],
    "every table and report as it was (the manifest was claimed above)",
  );
  assert.deepEqual(leftovers(lake), [], "the failed run cleaned its staging files");
  Deno.removeSync(lake, { recursive: true });
}

Deno.test({
  name: "A replay failing on an unreadable input after readable ones leaves the lake as it was",
  sanitizeResources: false,
  fn: async () => {
    // Reading /proc/self/mem at offset 0 fails with EIO: an input that stats fine and then
    // fails to read, after its table's first (readable) file has gone into the lake.
    const input = `${work}/eio`;
    writeSubsetInput(SAMPLE, input);
    Deno.symlinkSync("/proc/self/mem", `${input}/transactions_zz.ndjson`);
    await failInto([input], `${input}/transactions_zz.ndjson`, /Input\/output error/);
  },
});

Deno.test({
  name: "A FIFO or a device given as input is refused in one line, without hanging",
  sanitizeResources: false,
  fn: async () => {
    const fifo = `${work}/transactions_fifo.ndjson`;
    const made = new Deno.Command("mkfifo", { args: [fifo] }).outputSync();
    assert.ok(made.success, "mkfifo");
    await failInto([subset, fifo], fifo, /not a regular file \(a FIFO\)/);
    // A format whose headers are checked before the replay opens the files the same way.
    const csvFifo = `${work}/export_fifo.csv`;
    assert.ok(new Deno.Command("mkfifo", { args: [csvFifo] }).outputSync().success);
    await failInto([csvFifo], csvFifo, /not a regular file \(a FIFO\)/, ["--format", "rees46"]);
    const device = `${work}/activity_device.csv`;
    Deno.symlinkSync("/dev/zero", device); // endless: would never finish
    await failInto([subset, device], device, /not a regular file \(a character device\)/);
  },
});

Deno.test({
  name: "After a failed run, the same lake takes a clean replay that equals one into a fresh copy",
  sanitizeResources: false,
  fn: async () => {
    const input = `${work}/eio2`;
    writeSubsetInput(SAMPLE, input);
    Deno.symlinkSync("/proc/self/mem", `${input}/transactions_zz.ndjson`);
    const lake = `${work}/again`;
    const clean = `${work}/clean`;
    copyLake(existing, lake);
    copyLake(existing, clean);
    await claimLake(lake, [input]);
    assert.equal((await runReplay([input], lake)).code, 1);
    await claimLake(lake, [subset]);
    await claimLake(clean, [subset]);
    assert.equal((await runReplay([subset], lake)).code, 0);
    assert.equal((await runReplay([subset], clean)).code, 0);
    assert.deepEqual(differences(readerFiles(clean), readerFiles(lake)), []);
    assert.notDeepEqual(readerFiles(clean), before, "the subset changes the lake");
    assert.deepEqual(leftovers(lake), []);
  },
});

globalThis.addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
