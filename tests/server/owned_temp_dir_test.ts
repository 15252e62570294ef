import assert from "node:assert/strict";
import { makeOwnedTempDir } from "../../server/owned_temp_dir.ts";

Deno.test("makeOwnedTempDir() removes the folders of its prefix that a gone process left, not a running one's", async () => {
  const prefix = `owned-temp-test-${crypto.randomUUID().slice(0, 8)}-`;
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  // A process that ran and is gone, and one that runs (this test's parent).
  const gone = new Deno.Command("true").spawn();
  await gone.status;
  const left = `${tmp}/${prefix}${gone.pid}-abc`;
  const running = `${tmp}/${prefix}${Deno.ppid}-def`;
  Deno.mkdirSync(`${left}/inside`, { recursive: true });
  Deno.mkdirSync(running);
  const mine = makeOwnedTempDir(prefix);
  try {
    assert.ok(mine.startsWith(`${tmp}/${prefix}${Deno.pid}-`), mine);
    assert.throws(() => Deno.statSync(left), Deno.errors.NotFound);
    assert.ok(Deno.statSync(running).isDirectory);
  } finally {
    for (const dir of [mine, running, left]) {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // removed by the test's subject
      }
    }
  }
});
