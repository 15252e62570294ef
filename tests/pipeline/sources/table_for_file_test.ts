import assert from "node:assert/strict";
import { tableForFile } from "../../../pipeline/sources/table_for_file.ts";

Deno.test("tableForFile() maps file names to tables by prefix, ignoring case", () => {
  const cases: Array<[string, string | undefined]> = [
    ["data/activity.csv", "activity"],
    ["2019-Oct.csv", undefined],
    ["data/Clickstream-2019-10.csv", "activity"],
    ["events_part1.ndjson", "activity"],
    ["transactions.ndjson", "transactions"],
    ["x/orders-2019.jsonl", "transactions"],
    ["inventory.csv", "inventory"],
    ["Products.csv", "inventory"],
    ["reviews.json", "reviews"],
    ["data/sample/manifest.json", undefined],
    ["README.md", undefined],
  ];
  for (const [path, table] of cases) assert.equal(tableForFile(path), table, path);
});

Deno.test("tableForFile() falls back to the folder name", () => {
  assert.equal(tableForFile("lake-input/orders/part-0001.csv"), "transactions");
  assert.equal(tableForFile("input/misc/part-0001.csv"), undefined);
});
