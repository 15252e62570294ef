import assert from "node:assert/strict";
import { tempDir } from "../../temp_dir.ts";
import { damagedLakeText, rebuildCommand } from "../../../pipeline/lake/damaged_lake.ts";
import { writeLakeDataset } from "../../../pipeline/lake/lake_dataset.ts";

const cwd = Deno.cwd();

Deno.test("rebuildCommand() replays the dataset _lake.json names, with its format", () => {
  const files = [`${cwd}/data/sample/activity.csv`, `${cwd}/data/sample/inventory.csv`];
  assert.equal(
    rebuildCommand("b", { format: "shopease", inputs: files }),
    "deno task replay --input data/sample --lake b",
  );
  assert.equal(
    rebuildCommand("b", { format: "online-retail", inputs: ["/x/a.csv", "/y/b.csv"] }),
    "deno task replay --input /x --input /y --format online-retail --lake b",
  );
  assert.equal(
    rebuildCommand("b", { format: "mapping:/m/shop.json", inputs: ["/x/a.csv"] }),
    "deno task replay --input /x --mapping /m/shop.json --lake b",
  );
  assert.equal(
    rebuildCommand("b", { format: "generated:demo", inputs: [] }),
    "deno task start --lake b",
  );
  assert.equal(rebuildCommand("b", null), "deno task replay --input <its data> --lake b");
});

Deno.test("damagedLakeText() names the first link, counts the others, and survives a bad _lake.json", async () => {
  await using temp = await tempDir({ prefix: "damaged_lake_test_" });
  const lake = temp.path;
  const links = ["reports", "activity", "reviews"].map((name) => ({
    name,
    path: `${lake}/${name}`,
    target: `.versions/${name}/v000001`,
  }));
  await writeLakeDataset(lake, { format: "rees46", inputs: ["/d/events.csv"] });
  assert.equal(
    await damagedLakeText(lake, links),
    `${lake}/reports links to .versions/reports/v000001, which is missing (so do 2 other links): ` +
      `the lake is damaged or half-copied; rebuild it with 'deno task replay --input /d ` +
      `--format rees46 --lake ${lake}'`,
  );
  await Deno.writeTextFile(`${lake}/_lake.json`, "{");
  assert.match(
    await damagedLakeText(lake, links.slice(1, 2)),
    /activity links to \.versions\/activity\/v000001, which is missing: .* --input <its data> /,
  );
});
