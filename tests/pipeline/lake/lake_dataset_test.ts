import assert from "node:assert/strict";
import {
  describeDataset,
  lakeDataset,
  readLakeDataset,
  writeLakeDataset,
} from "../../../pipeline/lake/lake_dataset.ts";
import { makeFifo, settled } from "../../fifo_fixture.ts";
import { tempDir } from "../../temp_dir.ts";

const A = lakeDataset("shopease", new Map([["transactions", ["data/a/transactions.ndjson"]]]));

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

Deno.test("readLakeDataset() refuses a manifest of a newer version, naming the file and both versions", () =>
  withLake(async (lake, manifest) => {
    await writeLakeDataset(lake, A);
    const text = await Deno.readTextFile(manifest);
    assert.match(text, /"version": 1,/);
    await Deno.writeTextFile(manifest, text.replace(/"version": 1,/, '"version": 99,'));
    await assert.rejects(readLakeDataset(lake), {
      name: "NewerLakeError",
      message:
        `${manifest} has version 99, newer than the 1 this ShopEase Stream supports: a newer ` +
        "release wrote this lake (run that release, or give another --lake)",
    });
    for (const older of ['"version": 0,', ""]) {
      await Deno.writeTextFile(manifest, text.replace(/"version": 1,/, older));
      assert.deepEqual(await readLakeDataset(lake), A, older || "no version");
    }
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
