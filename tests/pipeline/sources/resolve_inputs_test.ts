import assert from "node:assert/strict";
import { resolveInputs } from "../../../pipeline/sources/resolve_inputs.ts";

async function tree(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const path of [
        "b.csv",
        "a.csv",
        "sub/c.ndjson",
        "sub/deeper/d.csv",
        ".hidden",
        "sub/.gitkeep",
      ]
    ) {
      await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, "x");
    }
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("resolveInputs() returns a file as itself", async () => {
  await tree(async (dir) => {
    assert.deepEqual(await resolveInputs(`${dir}/b.csv`), [`${dir}/b.csv`]);
  });
});

Deno.test("resolveInputs() lists a folder recursively in name order, skipping dot files", async () => {
  await tree(async (dir) => {
    assert.deepEqual(await resolveInputs(dir), [
      `${dir}/a.csv`,
      `${dir}/b.csv`,
      `${dir}/sub/c.ndjson`,
      `${dir}/sub/deeper/d.csv`,
    ]);
  });
});

Deno.test("resolveInputs() expands *, ? and ** globs", async () => {
  await tree(async (dir) => {
    assert.deepEqual(await resolveInputs(`${dir}/*.csv`), [`${dir}/a.csv`, `${dir}/b.csv`]);
    assert.deepEqual(await resolveInputs(`${dir}/?.csv`), [`${dir}/a.csv`, `${dir}/b.csv`]);
    assert.deepEqual(await resolveInputs(`${dir}/**/*.csv`), [
      `${dir}/a.csv`,
      `${dir}/b.csv`,
      `${dir}/sub/deeper/d.csv`,
    ]);
    assert.deepEqual(await resolveInputs(`${dir}/sub/*/d.*`), [`${dir}/sub/deeper/d.csv`]);
  });
});

Deno.test("resolveInputs() expands a glob relative to the working directory", async () => {
  await tree(async (dir) => {
    const cwd = Deno.cwd();
    Deno.chdir(dir);
    try {
      assert.deepEqual(await resolveInputs("*.csv"), ["a.csv", "b.csv"]);
      assert.deepEqual(await resolveInputs("sub/**"), ["sub/c.ndjson", "sub/deeper/d.csv"]);
    } finally {
      Deno.chdir(cwd);
    }
  });
});

Deno.test("resolveInputs() fails naming a missing path or a glob that matches nothing", async () => {
  await tree(async (dir) => {
    await assert.rejects(
      resolveInputs(`${dir}/nope.csv`),
      (e: Error) => e instanceof Deno.errors.NotFound && e.message.includes(`${dir}/nope.csv`),
    );
    await assert.rejects(
      resolveInputs(`${dir}/*.parquet`),
      (e: Error) => e instanceof Deno.errors.NotFound && e.message.includes("*.parquet"),
    );
    await assert.rejects(resolveInputs(`${dir}/missing/*.csv`), Deno.errors.NotFound);
  });
});

Deno.test("resolveInputs() skips a lake inside a folder, and refuses a lake given as the input", async () => {
  // `replay --input D --lake D/lake` a second time read the lake's report Parquet files as
  // inventory CSV (a folder named like a table) and failed.
  await tree(async (dir) => {
    await Deno.mkdir(`${dir}/sub/lake/reports/inventory_turnover`, { recursive: true });
    await Deno.writeTextFile(`${dir}/sub/lake/_lake.json`, "{}");
    await Deno.writeTextFile(`${dir}/sub/lake/reports/inventory_turnover/part-00000.parquet`, "");
    await Deno.mkdir(`${dir}/old/.versions`, { recursive: true }); // a lake of before _lake.json
    await Deno.writeTextFile(`${dir}/old/inventory.csv`, "x");
    assert.deepEqual(await resolveInputs(dir), [
      `${dir}/a.csv`,
      `${dir}/b.csv`,
      `${dir}/sub/c.ndjson`,
      `${dir}/sub/deeper/d.csv`,
    ]);
    await assert.rejects(resolveInputs(`${dir}/sub/lake`), /sub\/lake is a lake, not input/);
  });
});
