/**
 * A live writer in a process of its own, for the lock test: writes `batches` batches of 10
 * activity rows to partition `partition` of `shopease.activity` in the lake at `root`.
 *
 * Usage: deno run -A live_writer_child.ts <root> <partition> <batches>
 *
 * @module
 */

import { writeLiveParts } from "../../../pipeline/lake/write_live_parts.ts";
import { activityRows } from "./live_lake_helpers.ts";

const [root, partition, batches] = Deno.args;
for (let b = 0; b < Number(batches); b++) {
  const range = {
    topic: "shopease.activity",
    partition: Number(partition),
    first: b * 10,
    last: b * 10 + 9,
  };
  await writeLiveParts(root, "activity", range, activityRows(b * 10, 10));
}
