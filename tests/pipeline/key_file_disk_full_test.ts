/**
 * A key file is created whole or not at all: on a full disk the first run failed after creating
 * an empty `anon.key`, and every later run refused it ("too short: 0 bytes"). Needs a small
 * tmpfs, so root (or CAP_SYS_ADMIN); skipped with a message otherwise.
 */
import assert from "node:assert/strict";
import { mountTmpfs } from "../tmpfs_fixture.ts";
import { loadAnonKey } from "../../pipeline/pseudonymizer.ts";

const { mount, ok: mounted, remove } = mountTmpfs("key_file_disk_full_test", "64k");

Deno.test({
  name: "loadAnonKey() on a full disk leaves no key file, and the next run creates one",
  ignore: !mounted,
  fn: async () => {
    try {
      const keyFile = `${mount}/.shopease/anon.key`;
      Deno.mkdirSync(`${mount}/.shopease`);
      // Fill the disk: a file as large as the tmpfs takes.
      const filler = await Deno.open(`${mount}/filler`, { write: true, create: true });
      const block = new Uint8Array(4096);
      try {
        for (;;) await filler.write(block);
      } catch (error) {
        assert.ok(error instanceof Error && /No space left/.test(error.message), String(error));
      } finally {
        filler.close();
      }
      await assert.rejects(loadAnonKey({ env: undefined, keyFile }), /No space left/);
      await assert.rejects(Deno.stat(keyFile), Deno.errors.NotFound);
      assert.deepEqual([...Deno.readDirSync(`${mount}/.shopease`)], [], "a temporary file left");

      Deno.removeSync(`${mount}/filler`);
      const key = await loadAnonKey({ env: undefined, keyFile });
      assert.equal(key.length, 32);
      assert.deepEqual(await loadAnonKey({ env: "", keyFile }), key);
    } finally {
      remove();
    }
  },
});
