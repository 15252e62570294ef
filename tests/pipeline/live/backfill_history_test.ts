import assert from "node:assert/strict";
import { backfillHistory, SAMPLE_DIR } from "../../../pipeline/live/backfill_history.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { replay } from "../../../pipeline/replay.ts";
import { groupInputs } from "../../../pipeline/sources/group_inputs.ts";
import { lakeDataset, writeLakeDataset } from "../../../pipeline/lake/lake_dataset.ts";
import { lockLake } from "../../../pipeline/lake/lock_lake.ts";
import { settled } from "../../fifo_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

const pseudonym = createPseudonymizer(new TextEncoder().encode("backfill-test-key-0123456789abcd"));

async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await listing(path));
    else out.push(path);
  }
  return out.sort();
}

/** A lake replayed from one small activity file in `<dir>/other`, its _lake.json written. */
async function otherLake(dir: string): Promise<string> {
  await Deno.mkdir(`${dir}/other`);
  await Deno.writeTextFile(
    `${dir}/other/activity.csv`,
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id," +
      "user_session,event_id\n2019-01-01 00:00:00 UTC,view,1,2,a.b,x,1.00,7,s7,e1\n",
  );
  const lake = `${dir}/lake`;
  const inputs = await groupInputs([`${dir}/other`]);
  await replay({
    inputs,
    lake,
    batchSize: 4096,
    lateness: 300_000,
    lookback: 3_600_000,
    topN: 10,
    spike: {},
    pseudonym,
    progress: false,
  });
  await writeLakeDataset(lake, lakeDataset("shopease", inputs));
  return lake;
}

/** `cp -a lake/* to/`: every entry but `.versions`, so the table and report links dangle. */
async function halfCopy(lake: string, to: string): Promise<void> {
  await Deno.mkdir(to);
  for await (const entry of Deno.readDir(lake)) {
    if (entry.name.startsWith(".")) continue;
    const from = `${lake}/${entry.name}`;
    if (entry.isSymlink) await Deno.symlink(await Deno.readLink(from), `${to}/${entry.name}`);
    else await Deno.copyFile(from, `${to}/${entry.name}`);
  }
}

Deno.test("backfillHistory() refuses a lake that holds tables but no reports instead of mixing them", async () => {
  // A first replay killed between its tables' commit and its reports' commit leaves this.
  await using temp = await tempDir({ prefix: "backfill_test_" });
  const dir = temp.path;
  const lake = await otherLake(dir);
  await Deno.remove(`${lake}/reports`);
  await Deno.remove(`${lake}/.versions/reports`, { recursive: true });
  const before = await listing(lake);
  await assert.rejects(
    backfillHistory(lake, pseudonym, SAMPLE_DIR),
    /holds tables but no reports/,
  );
  assert.deepEqual(await listing(lake), before);
});

Deno.test("backfillHistory() refuses a half-copied lake of another dataset, naming a dangling link", async () => {
  // `cp -a lake/* backup/`: start generated its demo history into the copy and served it.
  await using temp = await tempDir({ prefix: "backfill_test_" });
  const dir = temp.path;
  const backup = `${dir}/backup`;
  await halfCopy(await otherLake(dir), backup);
  const before = await listing(backup);
  const started = performance.now();
  await assert.rejects(
    backfillHistory(backup, pseudonym),
    new Error(
      `${backup}/reports links to .versions/reports/v000001, which is missing (so do 1 other ` +
        `link): the lake is damaged or half-copied; rebuild it with 'deno task replay --input ` +
        `${dir}/other --lake ${backup}'`,
    ),
  );
  assert.ok(performance.now() - started < 1000, "refused before the generator ran");
  assert.deepEqual(await listing(backup), before);
});

Deno.test("backfillHistory() refuses a lake whose _lake.json names another dataset and holds nothing else", async () => {
  await using temp = await tempDir({ prefix: "backfill_test_" });
  const dir = temp.path;
  const lake = await otherLake(dir);
  await Deno.mkdir(`${dir}/copy`);
  await Deno.copyFile(`${lake}/_lake.json`, `${dir}/copy/_lake.json`);
  await assert.rejects(
    backfillHistory(`${dir}/copy`, pseudonym),
    new Error(
      `${dir}/copy/_lake.json names another dataset (shopease: 1 file in ${dir}/other) but the ` +
        `lake holds no reports: start generates its history only into a new lake; rebuild this ` +
        `one with 'deno task replay --input ${dir}/other --lake ${dir}/copy', or start with ` +
        `another --lake`,
    ),
  );
  assert.deepEqual(await listing(`${dir}/copy`), [`${dir}/copy/_lake.json`]);
});

Deno.test("backfillHistory() backfills again a half-copied lake of the dataset it backfills", async () => {
  await using temp = await tempDir({ prefix: "backfill_test_" });
  const dir = temp.path;
  const backup = `${dir}/backup`;
  await halfCopy(await otherLake(dir), backup);
  const summary = await backfillHistory(backup, pseudonym, `${dir}/other`);
  assert.equal(summary?.records, 1);
  for (const name of ["reports", "activity"]) {
    assert.ok((await Deno.stat(`${backup}/${name}`)).isDirectory, name);
  }
});

Deno.test("backfillHistory() names a lake path that links to nothing before it generates anything", async () => {
  // It generated 13 months of history first, then failed with "File exists (os error 17)".
  await using temp = await tempDir({ prefix: "backfill_test_" });
  const dir = temp.path;
  await Deno.symlink(`${dir}/nowhere`, `${dir}/lake`);
  const started = performance.now();
  await assert.rejects(
    backfillHistory(`${dir}/lake`, pseudonym),
    new Error(
      `Cannot use ${dir}/lake as the lake: it is a link to ${dir}/nowhere, which does not exist`,
    ),
  );
  assert.ok(performance.now() - started < 1000, "refused before the generator ran");
  assert.deepEqual(await listing(dir), [`${dir}/lake`]);
});

Deno.test("backfillHistory() on a lake with reports returns at once while a consume holds its lock", async () => {
  // A live lake: `consume` holds its lock (shared) for as long as it runs, and `start --lake` on
  // it waited for the lock, for ever, instead of serving the reports.
  await using dir = await tempDir({ prefix: "backfill_locked_" });
  const lake = `${dir.path}/lake`;
  await writeLakeDataset(lake, { format: "kafka:g", inputs: ["kafka:a"] });
  await Deno.mkdir(`${lake}/reports`);
  await Deno.writeTextFile(`${lake}/reports/summary.json`, "[]");
  using _consume = await lockLake(lake, { shared: true });
  assert.deepEqual(await settled(backfillHistory(lake, pseudonym), 3_000), { value: null });
});
