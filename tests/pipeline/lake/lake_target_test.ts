import assert from "node:assert/strict";
import {
  LakeConflictError,
  type LakeTarget,
  lakeTarget,
} from "../../../pipeline/lake/lake_target.ts";
import {
  lakeDataset,
  readLakeDataset,
  writeLakeDataset,
} from "../../../pipeline/lake/lake_dataset.ts";
import { lockLake } from "../../../pipeline/lake/lock_lake.ts";
import { makeFifo, settled } from "../../fifo_fixture.ts";

const A = lakeDataset("shopease", new Map([["transactions", ["data/a/transactions.ndjson"]]]));
const B = lakeDataset(
  "online-retail",
  new Map([["transactions", ["data/b/1.csv", "data/b/0.csv"]]]),
);

async function withDir(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "lake_target_" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function names(dir: string): Promise<string[]> {
  const out = [];
  for await (const entry of Deno.readDir(dir)) out.push(entry.name);
  return out.sort();
}

Deno.test("lakeTarget() writes an empty lake and one of the same dataset in place", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    const first = await lakeTarget(lake, A, false);
    assert.equal(first.dir, lake);
    await Deno.mkdir(`${lake}/transactions/date=2024-10-01`, { recursive: true });
    await first.commit();
    assert.deepEqual(await readLakeDataset(lake), A);
    assert.equal((await lakeTarget(lake, A, false)).dir, lake);
  }));

Deno.test("lakeTarget() refuses another dataset, and data of unknown origin, without --replace", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(`${lake}/reports`, { recursive: true });
    await Deno.writeTextFile(`${lake}/reports/quality.json`, "[]\n");
    await assert.rejects(lakeTarget(lake, A, false), /data of unknown origin \(no _lake\.json\)/);
    const replaced = await lakeTarget(lake, A, true);
    await Deno.mkdir(`${replaced.dir}/reports`, { recursive: true });
    await Deno.writeTextFile(`${replaced.dir}/reports/quality.json`, "[]\n");
    await replaced.commit();
    await assert.rejects(
      lakeTarget(lake, B, false),
      (error: Error) =>
        error instanceof LakeConflictError &&
        /already holds another dataset \(shopease: 1 file in data\/a\); replay into another lake with --lake DIR, or pass --replace/
          .test(error.message),
    );
  }));

Deno.test("lakeTarget() with replace builds a sibling: abort keeps the old lake, commit swaps it in", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    const first = await lakeTarget(lake, A, false);
    await Deno.mkdir(`${first.dir}/activity/date=2019-10-01`, { recursive: true });
    await first.commit();
    const failed = await lakeTarget(lake, B, true);
    assert.notEqual(failed.dir, lake);
    await Deno.mkdir(`${failed.dir}/transactions`, { recursive: true });
    await failed.abort();
    assert.deepEqual(await names(dir), ["lake"]);
    assert.deepEqual(await names(lake), ["_lake.json", "activity"]);
    const done = await lakeTarget(lake, B, true);
    await Deno.mkdir(`${done.dir}/transactions`, { recursive: true });
    await done.commit();
    assert.deepEqual(await names(dir), ["lake"]);
    assert.deepEqual(await names(lake), ["_lake.json", "transactions"]);
    assert.deepEqual(await readLakeDataset(lake), B);
  }));

Deno.test("lakeTarget() with replace keeps a lake reached through a link where the link points", () =>
  withDir(async (dir) => {
    // The lake lives on another disk, linked from the project: --replace must replace it there.
    const real = `${dir}/disk/lake`;
    await Deno.mkdir(`${real}/reports`, { recursive: true });
    await Deno.writeTextFile(`${real}/reports/old.json`, "[]");
    await Deno.symlink(real, `${dir}/lake`);
    const target = await lakeTarget(`${dir}/lake`, B, true);
    await Deno.mkdir(`${target.dir}/transactions/date=2011-01-01`, { recursive: true });
    await target.commit();
    assert.ok((await Deno.lstat(`${dir}/lake`)).isSymlink, "the link was replaced by a folder");
    assert.deepEqual(await names(real), ["_lake.json", "transactions"]);
    assert.deepEqual(await readLakeDataset(`${dir}/lake`), B);
    assert.deepEqual(await names(`${dir}/disk`), ["lake"]);
    assert.deepEqual(await names(dir), ["disk", "lake"]);
  }));

Deno.test("lakeTarget() on a damaged _lake.json says to pass --replace, and --replace works", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(`${lake}/reports`, { recursive: true });
    await Deno.writeTextFile(`${lake}/reports/old.json`, "[]");
    await Deno.writeTextFile(`${lake}/_lake.json`, "garbage");
    await assert.rejects(lakeTarget(lake, A, false), /_lake\.json: .*pass --replace/);
    const target = await lakeTarget(lake, A, true);
    await Deno.mkdir(`${target.dir}/transactions/date=2024-10-01`, { recursive: true });
    await target.commit();
    assert.deepEqual(await readLakeDataset(lake), A);
    assert.deepEqual(await names(lake), ["_lake.json", "transactions"]);
  }));

Deno.test("lakeTarget() with replace waits for a run writing the lake before swapping it", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(`${lake}/reports`, { recursive: true });
    await Deno.writeTextFile(`${lake}/reports/old.json`, "[]");
    const target = await lakeTarget(lake, B, true);
    await Deno.mkdir(`${target.dir}/transactions`, { recursive: true });
    const writer = await lockLake(lake); // an in-place replay of the lake, still running
    let swapped = false;
    const commit = target.commit().then(() => swapped = true);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(swapped, false, "the lake was swapped under a running replay");
    writer[Symbol.dispose]();
    await commit;
    assert.deepEqual(await names(lake), ["_lake.json", "transactions"]);
  }));

Deno.test("lakeTarget() on a link to nothing names the link and its missing target", () =>
  withDir(async (dir) => {
    await Deno.symlink(`${dir}/nonexist`, `${dir}/dangl`);
    await assert.rejects(
      lakeTarget(`${dir}/dangl`, A, false),
      new Error(
        `Cannot use ${dir}/dangl as the lake: it is a link to ${dir}/nonexist, which does not exist`,
      ),
    );
    await assert.rejects(
      lakeTarget(`${dir}/dangl/sub`, A, true),
      new Error(
        `Cannot use ${dir}/dangl/sub as the lake: ${dir}/dangl is a link to ${dir}/nonexist, ` +
          "which does not exist",
      ),
    );
    assert.deepEqual(await names(dir), ["dangl"]); // nothing created
  }));

Deno.test("lakeTarget() on a file says the lake path is a file, not that _lake.json needs repair", () =>
  withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/data.csv`, "x");
    for (const replace of [false, true]) {
      await assert.rejects(
        lakeTarget(`${dir}/data.csv`, A, replace),
        new Error(`Cannot use ${dir}/data.csv as the lake: it is a file, not a folder`),
      );
    }
    assert.equal(await Deno.readTextFile(`${dir}/data.csv`), "x");
  }));

Deno.test("lakeTarget() on a FIFO at _lake.json says so at once; --replace starts the lake afresh", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(`${lake}/reports`, { recursive: true });
    await Deno.writeTextFile(`${lake}/reports/old.json`, "[]");
    await makeFifo(`${lake}/_lake.json`);
    const outcome = await settled(lakeTarget(lake, A, false));
    if (outcome === "timed out") await Deno.writeTextFile(`${lake}/_lake.json`, "{}");
    assert.equal(
      String(outcome),
      `Error: Cannot read ${lake}/_lake.json: not a regular file (a FIFO); pass --replace to ` +
        `start ${lake} afresh, or repair the file`,
    );
    const target = await settled(lakeTarget(lake, A, true)) as { value: LakeTarget };
    assert.ok(target.value, String(target));
    await Deno.mkdir(`${target.value.dir}/transactions`, { recursive: true });
    await target.value.commit();
    assert.deepEqual(await readLakeDataset(lake), A);
  }));

Deno.test("lakeTarget() refuses a lake of a newer version, even with --replace, and leaves it", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(`${lake}/reports`, { recursive: true });
    const manifest = JSON.stringify({ version: 2, dataset: A });
    await Deno.writeTextFile(`${lake}/_lake.json`, manifest);
    for (const replace of [false, true]) {
      await assert.rejects(
        lakeTarget(lake, A, replace),
        /\/lake\/_lake\.json has version 2, newer than the 1 this ShopEase Stream supports: /,
      );
    }
    assert.equal(await Deno.readTextFile(`${lake}/_lake.json`), manifest);
    assert.deepEqual(await names(dir), ["lake"]);
  }));

Deno.test("lakeTarget() refuses a lake claimed for another dataset that holds no data yet (a replay of it runs, or failed)", () =>
  withDir(async (dir) => {
    // Two replays at once: the first claims the lake (its _lake.json) and waits for nothing; the
    // second, started before the first committed a table, found no data and replaced it silently.
    const lake = `${dir}/lake`;
    await lakeTarget(lake, A, false);
    await assert.rejects(lakeTarget(lake, B, false), LakeConflictError);
    assert.deepEqual(await readLakeDataset(lake), A);
    // With --replace it starts afresh, as for a lake with data.
    const replaced = await lakeTarget(lake, B, true);
    await replaced.commit();
    assert.deepEqual(await readLakeDataset(lake), B);
  }));

Deno.test("lakeTarget() decides under the lake's lock: it waits while another run writes", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    await Deno.mkdir(lake);
    const held = await lockLake(lake);
    const decided = lakeTarget(lake, A, false);
    assert.equal(await settled(decided, 300), "timed out", "decided while the lake was locked");
    held[Symbol.dispose]();
    assert.equal((await decided).dir, lake);
  }));

Deno.test("lakeTarget() refusing another dataset's half-copied lake names its links to nothing, not a replay that runs", () =>
  withDir(async (dir) => {
    // `cp -a lake/* backup/`: the manifest and the links came, `.versions/` did not.
    const lake = `${dir}/backup`;
    await lakeTarget(lake, A, false);
    await Deno.symlink(".versions/reports/v000001", `${lake}/reports`);
    await Deno.symlink(".versions/activity/v000001", `${lake}/activity`);
    await assert.rejects(
      lakeTarget(lake, B, false),
      (error: Error) => {
        assert.ok(error instanceof LakeConflictError);
        assert.match(
          error.message,
          new RegExp(
            `^${lake} already holds another dataset \\(shopease: 1 file in data/a, no data: ` +
              `${lake}/reports links to \\.versions/reports/v000001, which is missing \\(and 1 ` +
              `more links\\)\\); replay into another lake`,
          ),
        );
        return true;
      },
    );
    assert.deepEqual(await readLakeDataset(lake), A);
  }));

Deno.test("lakeTarget() writes a lake pseudonymized with another key in place, records the new key at the commit and says so", () =>
  withDir(async (dir) => {
    const lake = `${dir}/lake`;
    const first = await lakeTarget(lake, { ...A, keyCheck: "k1" }, false);
    assert.equal(first.keyChanged, false);
    assert.equal((await readLakeDataset(lake))?.keyCheck, "k1");
    assert.equal((await lakeTarget(lake, { ...A, keyCheck: "k1" }, false)).keyChanged, false);
    const rekeyed = await lakeTarget(lake, { ...A, keyCheck: "k2" }, false);
    assert.equal(rekeyed.dir, lake, "in place: the replay rewrites every table");
    assert.equal(rekeyed.keyChanged, true);
    // Recorded at the commit: a replay killed before it leaves the old key's tables.
    assert.equal((await readLakeDataset(lake))?.keyCheck, "k1");
    await rekeyed.commit();
    assert.equal((await readLakeDataset(lake))?.keyCheck, "k2");
  }));

Deno.test("lakeTarget() refuses another dataset at once while a consume holds the lake's lock", () =>
  withDir(async (dir) => {
    // `consume` holds its lake's lock (shared) until it is stopped: a replay of another dataset
    // waited for it, for ever, before being told no.
    const lake = `${dir}/live`;
    await writeLakeDataset(lake, { format: "kafka:g", inputs: ["kafka:a"] });
    await Deno.mkdir(`${lake}/reports`);
    await Deno.writeTextFile(`${lake}/reports/summary.json`, "[]");
    using _consume = await lockLake(lake, { shared: true });
    const answer = await settled(lakeTarget(lake, A, false), 3_000);
    assert.ok(answer instanceof LakeConflictError, String(answer));
    assert.match(answer.message, /already holds another dataset \(kafka:g/);
  }));
