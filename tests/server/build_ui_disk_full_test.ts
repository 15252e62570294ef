/**
 * A console build is put in place whole or not at all: esbuild wrote over the last build's
 * `app.js` in place, so a full disk (or a kill) mid-build left a cut-off bundle newer than the
 * sources, which `uiIsStale()` took for current and `start` served from then on. Needs a small
 * tmpfs, so root (or CAP_SYS_ADMIN); skipped with a message otherwise.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { mountTmpfs } from "../tmpfs_fixture.ts";
import { buildUi, uiIsStale } from "../../server/build_ui.ts";

const { mount, ok: mounted, remove } = mountTmpfs("build_ui_disk_full_test", "512k");

/** Every file of `dir` with its size and SHA-256 (a diff of whole bundles takes minutes). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of Deno.readDirSync(dir)) {
    const bytes = Deno.readFileSync(join(dir, entry.name));
    files.set(entry.name, `${bytes.length} ${createHash("sha256").update(bytes).digest("hex")}`);
  }
  return files;
}

Deno.test({
  name: "buildUi() on a full disk fails naming its folder and leaves the last build as it was",
  ignore: !mounted,
  fn: async () => {
    try {
      const outDir = join(mount, "dist");
      await buildUi({ outDir });
      const built = snapshot(outDir);
      // An older, smaller bundle: rewriting it in place needs more room than it frees.
      Deno.writeTextFileSync(join(outDir, "app.js"), "// an older build\n".repeat(2048));
      const before = snapshot(outDir);
      // Fill the disk but for 16 KiB: less than the new bundle's growth.
      const filler = await Deno.open(join(mount, "filler"), { write: true, create: true });
      try {
        for (;;) await filler.write(new Uint8Array(4096));
      } catch (error) {
        assert.ok(error instanceof Error && /No space left/.test(error.message), String(error));
      } finally {
        filler.close();
      }
      await Deno.truncate(join(mount, "filler"), Deno.statSync(join(mount, "filler")).size - 16384);

      await assert.rejects(buildUi({ outDir }), (error: Error) => {
        assert.match(error.message, new RegExp(mount.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
        assert.match(error.message, /No space left|ENOSPC|no space/i);
        return true;
      });
      assert.deepEqual(snapshot(outDir), before, "the last build changed");
      assert.deepEqual(
        [...Deno.readDirSync(mount)].map((entry) => entry.name).sort(),
        ["dist", "filler"],
        "a temporary folder left",
      );

      // With room again the next build succeeds.
      Deno.removeSync(join(mount, "filler"));
      await buildUi({ outDir });
      assert.deepEqual(snapshot(outDir), built);
      assert.equal(await uiIsStale(outDir), false);
    } finally {
      remove();
    }
  },
});
