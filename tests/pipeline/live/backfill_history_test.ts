import assert from "node:assert/strict";
import { backfillHistory, SAMPLE_DIR } from "../../../pipeline/live/backfill_history.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { replay } from "../../../pipeline/replay.ts";
import { groupInputs } from "../../../pipeline/sources/group_inputs.ts";

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

Deno.test("backfillHistory() refuses a lake that holds tables but no reports instead of mixing them", async () => {
  // A first replay killed between its tables' commit and its reports' commit leaves this.
  const dir = await Deno.makeTempDir({ prefix: "backfill_test_" });
  await Deno.mkdir(`${dir}/other`);
  await Deno.writeTextFile(
    `${dir}/other/activity.csv`,
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id," +
      "user_session,event_id\n2019-01-01 00:00:00 UTC,view,1,2,a.b,x,1.00,7,s7,e1\n",
  );
  const lake = `${dir}/lake`;
  await replay({
    inputs: await groupInputs([`${dir}/other`]),
    lake,
    batchSize: 4096,
    lateness: 300_000,
    lookback: 3_600_000,
    topN: 10,
    spike: {},
    pseudonym,
    progress: false,
  });
  await Deno.remove(`${lake}/reports`);
  await Deno.remove(`${lake}/.versions/reports`, { recursive: true });
  const before = await listing(lake);
  await assert.rejects(
    backfillHistory(lake, pseudonym, SAMPLE_DIR),
    /holds tables but no reports/,
  );
  assert.deepEqual(await listing(lake), before);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("backfillHistory() names a lake path that links to nothing before it generates anything", async () => {
  // It generated 13 months of history first, then failed with "File exists (os error 17)".
  const dir = await Deno.makeTempDir({ prefix: "backfill_test_" });
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
  await Deno.remove(dir, { recursive: true });
});
