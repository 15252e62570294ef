/**
 * `generate` on a full disk: the error named no file ("No space left on device"), and a cut-off
 * `activity.csv` and empty other files were left, for a later replay to read as data. Now the
 * files are written under temporary names and put in place only once all are whole. Needs a small
 * tmpfs, so root (or CAP_SYS_ADMIN); skipped with a message otherwise.
 */
import assert from "node:assert/strict";
import { mountTmpfs } from "../../tmpfs_fixture.ts";
import { generate } from "../../../dev/generator/generate.ts";

const { mount, ok: mounted, remove } = mountTmpfs("generate_disk_full_test", "2m");

Deno.test({
  name: "generate on a full disk names the file, and leaves the folder as it was",
  ignore: !mounted,
  fn: async () => {
    try {
      const out = `${mount}/gen`;
      await generate({ out, events: 500, seed: 1 }); // a whole earlier dataset: 5 small files
      const before = Object.fromEntries(
        [...Deno.readDirSync(out)].map((e) => [e.name, Deno.readFileSync(`${out}/${e.name}`)]),
      );
      await assert.rejects(
        generate({ out, events: 200_000, seed: 2 }),
        (e: Error) => new RegExp(`^Cannot write ${out}/\\S+: No space left`).test(e.message),
      );
      const after = Object.fromEntries(
        [...Deno.readDirSync(out)].map((e) => [e.name, Deno.readFileSync(`${out}/${e.name}`)]),
      );
      assert.deepEqual(after, before, "the earlier dataset, whole, and nothing else");
    } finally {
      remove();
    }
  },
});
