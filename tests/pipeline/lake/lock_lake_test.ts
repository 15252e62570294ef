import assert from "node:assert/strict";
import { lockLake } from "../../../pipeline/lake/lock_lake.ts";
import { tempDir } from "../../temp_dir.ts";

Deno.test("lockLake() lets one run at a time hold a lake; the next waits until it is released", async () => {
  await using parentDir = await tempDir({ prefix: "lock_lake_" });
  const parent = parentDir.path;
  const root = `${parent}/lake`;
  const first = await lockLake(root);
  let second: Disposable | null = null;
  const waiting = lockLake(root).then((lock) => second = lock);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(second, null, "the second lock was granted while the first was held");
  first[Symbol.dispose]();
  await waiting;
  assert.notEqual(second, null);
  second![Symbol.dispose]();
  // No lock file is left in the lake.
  assert.deepEqual(await Array.fromAsync(Deno.readDir(root)), []);
});

Deno.test("lockLake() names the root it cannot create", async () => {
  await using parentDir = await tempDir({ prefix: "lock_lake_" });
  const parent = parentDir.path;
  await Deno.writeTextFile(`${parent}/file`, "x");
  await assert.rejects(
    lockLake(`${parent}/file/lake`),
    /^Error: Cannot create lake root .*file\/lake: /,
  );
});
