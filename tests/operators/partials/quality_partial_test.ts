import assert from "node:assert/strict";
import { qualityFamily } from "../../../operators/partials/quality_partial.ts";
import {
  assertPrefixes,
  assertSnapshotsOnTheWay,
  assertWholeStream,
  generatedCase,
  type LawCase,
  sampleCase,
} from "./family_law.ts";

const family = qualityFamily();
let sample: Promise<LawCase> | undefined;
const sampleLaw = () => sample ??= sampleCase();

Deno.test("qualityFamily() over data/sample in 1, 2, 3, 4 and 7 partitions gives the operator's rows", async () => {
  const law = await sampleLaw();
  const reasons = law.rows.quality.filter((r) =>
    r.reason !== "valid" && r.reason !== "total_input"
  );
  assert.ok(reasons.length >= 5, `only ${reasons.length} quarantine reasons to count`);
  await assertWholeStream(family, law);
});

Deno.test("qualityFamily() over prefixes of data/sample gives the operator's rows of the prefix", async () => {
  await assertPrefixes(family, await sampleLaw());
});

Deno.test("qualityFamily() snapshots leave the state alone and, mid-stream, equal the prefix's rows", async () => {
  const snapshots = await assertSnapshotsOnTheWay(family, await sampleLaw());
  const sizes = snapshots.map((s) => JSON.stringify(s).length);
  console.log(`quality snapshot of data/sample, 4 partitions: ${sizes.join(", ")} bytes`);
  assert.ok(Math.max(...sizes) < 1_000, `snapshots of ${sizes} bytes`);
});

Deno.test("qualityFamily() keeps the law over a generated data set (seed 7, 5 % faults)", async () => {
  const law = await generatedCase(7);
  const late = law.rows.quality.filter((r) => r.reason !== "valid" && r.reason !== "total_input");
  assert.ok(late.length >= 5);
  await assertWholeStream(family, law);
  await assertPrefixes(family, law);
  await assertSnapshotsOnTheWay(family, law);
});

Deno.test("qualityFamily() lists a table seen only in empty batches, with zero counts", () => {
  const state = family.create();
  state.add({ table: "reviews", records: [], quarantine: [] });
  const rows = family.finish(family.merge([JSON.parse(JSON.stringify(state.snapshot()))]));
  assert.deepEqual(rows.quality, [
    { source: "reviews", reason: "valid", count: 0 },
    { source: "reviews", reason: "total_input", count: 0 },
  ]);
});
