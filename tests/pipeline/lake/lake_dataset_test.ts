import assert from "node:assert/strict";
import { describeDataset, readLakeDataset } from "../../../pipeline/lake/lake_dataset.ts";
import { makeFifo, settled } from "../../fifo_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

async function withLake(test: (lake: string, manifest: string) => Promise<void>): Promise<void> {
  await using lake = await tempDir({ prefix: "lake_dataset_" });
  await test(lake.path, `${lake.path}/_lake.json`);
}

Deno.test("readLakeDataset() refuses a FIFO at _lake.json at once, instead of waiting for a writer", () =>
  withLake(async (lake, manifest) => {
    await makeFifo(manifest);
    const outcome = await settled(readLakeDataset(lake));
    if (outcome === "timed out") await Deno.writeTextFile(manifest, "{}"); // let the read end
    assert.equal(String(outcome), `Error: Cannot read ${manifest}: not a regular file (a FIFO)`);
  }));

Deno.test("readLakeDataset() names a broken manifest without quoting its text", () =>
  withLake(async (lake, manifest) => {
    await Deno.writeTextFile(manifest, "\x1b]0;pwned\x07\x1b[2J");
    await assert.rejects(
      readLakeDataset(lake),
      new Error(`Cannot read ${manifest}: not valid JSON (an unexpected character)`),
    );
  }));

Deno.test("describeDataset() escapes control characters of the manifest's text", () => {
  const hostile = { format: "shopease\nerror: x \x1b]0;pwned\x07", inputs: ["/x\r/a.csv"] };
  assert.equal(
    describeDataset(hostile),
    "shopease\\nerror: x \\u001b]0;pwned\\u0007: 1 file in /x\\r",
  );
});
