/**
 * A replay into an existing lake on a file system that fills up: one error line naming the file
 * and "No space left on device", exit status 1, every table and report as it was (read by DuckDB
 * and byte for byte), no leftovers; with room again, the next run equals a clean one.
 *
 * Needs a small tmpfs, so root (or CAP_SYS_ADMIN); skipped with a message otherwise.
 */

import assert from "node:assert/strict";
import {
  claimLake,
  differences,
  hasDuckdb,
  leftovers,
  readerFiles,
  runReplay,
  unitDigests,
  writeSubsetInput,
} from "./lake/lake_probe.ts";

const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;

function run(command: string, args: string[]): { ok: boolean; text: string } {
  const out = new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).outputSync();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.success, text };
}

/** Bytes in use on the file system holding `dir`. */
function usedBytes(dir: string): number {
  const { ok, text } = run("df", ["--output=used", "-B1", dir]);
  assert.ok(ok, text);
  return Number(text.trim().split("\n").pop());
}

const work = Deno.makeTempDirSync({ prefix: "replay_disk_full_test_" });
const mount = `${work}/fs`;
Deno.mkdirSync(mount);
const mounted = run("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", mount]);
if (!mounted.ok) {
  console.warn(`replay_disk_full_test skipped: cannot mount a tmpfs (${mounted.text.trim()})`);
}

Deno.test({
  name: "A replay that fills the disk fails in one line and leaves every table and report as it " +
    "was; with room again, the next run equals a clean run",
  ignore: !mounted.ok,
  sanitizeResources: false,
  fn: async () => {
    try {
      const subset = `${work}/subset`;
      writeSubsetInput(SAMPLE, subset);
      const lake = `${mount}/lake`;
      assert.equal((await runReplay([SAMPLE], lake)).code, 0);
      await claimLake(lake, [subset]); // the same dataset, its files changed since
      const before = readerFiles(lake);
      const digests = hasDuckdb() ? await unitDigests(lake) : null;
      const used = usedBytes(mount);
      // A replay of the subset needs about 0.64 × the lake's size more: each size below runs
      // out of room at another point of the run (early part files … late reports).
      for (const factor of [1.1, 1.3, 1.5]) {
        const size = Math.ceil((used * factor) / 4096) * 4096;
        const resized = run("mount", ["-o", `remount,size=${size}`, mount]);
        assert.ok(resized.ok, resized.text);
        const full = await runReplay([subset], lake);
        assert.equal(full.code, 1, `room for ${factor} × the lake: ${full.stderr}`);
        const lines = full.stderr.trimEnd().split("\n").filter((l) => !l.startsWith("replay ("));
        assert.equal(lines.length, 1, `one error line expected, got:\n${full.stderr}`);
        assert.match(lines[0], new RegExp(`^error: Cannot .*${lake}/.*No space left on device`));
        assert.deepEqual(differences(before, readerFiles(lake)), [], "byte for byte as it was");
        if (digests !== null) {
          assert.deepEqual(await unitDigests(lake), digests, "DuckDB: as it was");
        }
        assert.deepEqual(leftovers(lake), [], "no staging or temporary file left");
        assert.ok(usedBytes(mount) <= used + 64 * 1024, "the failed run gave its space back");
      }

      assert.ok(run("mount", ["-o", "remount,size=64m", mount]).ok);
      const clean = `${work}/clean`;
      assert.ok(run("cp", ["-a", lake, clean]).ok);
      assert.equal((await runReplay([subset], clean)).code, 0);
      assert.equal((await runReplay([subset], lake)).code, 0);
      assert.deepEqual(differences(readerFiles(clean), readerFiles(lake)), []);
    } finally {
      run("umount", [mount]);
    }
  },
});

globalThis.addEventListener("unload", () => {
  if (mounted.ok) run("umount", [mount]); // a no-op unless the test was interrupted
  Deno.removeSync(work, { recursive: true });
});
