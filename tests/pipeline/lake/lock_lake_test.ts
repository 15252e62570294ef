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

Deno.test("lockLake() held shared by several runs keeps an exclusive one waiting until all release", async () => {
  // consume (shared, for its whole run) and replay --replace (exclusive): the replay swapped the
  // lake under the running consume, which went on writing into the replay's tables.
  await using parentDir = await tempDir({ prefix: "lock_lake_" });
  const root = `${parentDir.path}/lake`;
  const a = await lockLake(root, { shared: true });
  const b = await lockLake(root, { shared: true }); // a second instance of the group
  let exclusive: Disposable | null = null;
  const waiting = lockLake(root).then((lock) => exclusive = lock);
  await new Promise((r) => setTimeout(r, 200));
  a[Symbol.dispose]();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(exclusive, null, "granted while a shared holder remained");
  b[Symbol.dispose]();
  await waiting;
  exclusive![Symbol.dispose]();
});
