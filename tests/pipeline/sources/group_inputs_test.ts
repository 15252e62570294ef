import assert from "node:assert/strict";
import { relative } from "node:path";
import { groupInputs } from "../../../pipeline/sources/group_inputs.ts";

Deno.test("groupInputs takes a file reached twice once: a symlink beside it, another spelling", async () => {
  // Each was read twice and counted twice (input 6 = valid 6 for a file of 3 rows).
  const dir = Deno.makeTempDirSync({ prefix: "group_inputs_test_" });
  try {
    const file = `${dir}/activity-2024-10.csv`;
    Deno.writeTextFileSync(file, "event_time,event_type\n");
    Deno.symlinkSync(file, `${dir}/activity-latest.csv`);
    Deno.linkSync(file, `${dir}/activity-copy.csv`);
    Deno.writeTextFileSync(`${dir}/activity-2024-11.csv`, "event_time,event_type\n");

    const folder = await groupInputs([dir]);
    assert.deepEqual(folder.get("activity"), [file, `${dir}/activity-2024-11.csv`]);

    const spellings = await groupInputs([
      file,
      `${dir}//activity-2024-10.csv`,
      relative(".", file),
    ]);
    assert.deepEqual(spellings.get("activity"), [file]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("groupInputs names the options that tell a file's table, and only options that exist", async () => {
  // The hint named a --table option that replay does not have.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/data.csv`, "a\n1\n");
    await assert.rejects(
      groupInputs([`${dir}/data.csv`]),
      (e: Error) => /give a --mapping or a --format that names its table$/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("groupInputs refuses a folder with no file of any table, also beside one that has some", async () => {
  // Beside data/sample, a folder of day files (2011-04-15.csv) was skipped without a word.
  const dir = await Deno.makeTempDir({ prefix: "group_inputs_test_" });
  try {
    await Deno.mkdir(`${dir}/sample`);
    await Deno.mkdir(`${dir}/by-day`);
    await Deno.writeTextFile(`${dir}/sample/activity.csv`, "event_time,event_type\n");
    await Deno.writeTextFile(`${dir}/by-day/2011-04-15.csv`, "InvoiceNo\n");
    for (const args of [[`${dir}/by-day`], [`${dir}/sample`, `${dir}/by-day`]]) {
      await assert.rejects(
        groupInputs(args),
        (e: Error) => e.message === `no input files for any table in "${dir}/by-day"`,
      );
    }
    // A folder whose files were all reached before still counts: it holds a table's file.
    const twice = await groupInputs([`${dir}/sample`, `${dir}/sample/activity.csv`]);
    assert.deepEqual(twice.get("activity"), [`${dir}/sample/activity.csv`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
