import assert from "node:assert/strict";
import { minutesFamily, type MinutesReport } from "../../../operators/partials/minutes_partial.ts";
import type { PartialOptions } from "../../../operators/partials/partial_family.ts";
import type { AnyBatch } from "../../../operators/types.ts";
import {
  cleanBatchesOf,
  DEFAULT_PARTIAL_OPTIONS,
  familyRows,
  operatorRows,
  SAMPLE_DIR,
  splitIntoPartitions,
} from "./partition_harness.ts";

const REPORTS: MinutesReport[] = ["active_users", "conversion", "event_counts", "alerts"];
const REPO = new URL("../../../", import.meta.url).pathname;

let sample: Promise<AnyBatch[]> | undefined;
function sampleBatches(): Promise<AnyBatch[]> {
  return sample ??= cleanBatchesOf(SAMPLE_DIR);
}

/** Asserts the family over `partitions` partitions gives the operators' rows, report by report. */
async function assertLaw(
  batches: readonly AnyBatch[],
  partitions: number,
  options: PartialOptions,
  expected?: Awaited<ReturnType<typeof operatorRows>>,
): Promise<void> {
  const want = expected ?? await operatorRows(batches, options);
  const got = familyRows(minutesFamily(options), await splitIntoPartitions(batches, partitions));
  for (const report of REPORTS) {
    assert.deepStrictEqual(got[report], want[report], `${report}, ${partitions} partitions`);
  }
}

Deno.test("minutesFamily() gives the operators' rows over data/sample in 1, 2, 3, 4 and 7 partitions", async () => {
  const batches = await sampleBatches();
  const expected = await operatorRows(batches, DEFAULT_PARTIAL_OPTIONS);
  assert.ok(expected.active_users.length > 20_000, `${expected.active_users.length} minutes`);
  assert.deepEqual(expected.alerts, []); // data/sample has no spike: see the generated data below
  for (const partitions of [1, 2, 3, 4, 7]) {
    await assertLaw(batches, partitions, DEFAULT_PARTIAL_OPTIONS, expected);
  }
});

Deno.test("minutesFamily() gives the operators' rows at three cut points of data/sample, open minutes included", async () => {
  const batches = await sampleBatches();
  for (const share of [0.25, 0.5, 0.8]) {
    const prefix = batches.slice(0, Math.round(batches.length * share));
    await assertLaw(prefix, 3, DEFAULT_PARTIAL_OPTIONS);
  }
});

Deno.test("minutesFamily() alerts equal spikeAlerts() over the whole series, with tuning that fires on data/sample", async () => {
  const options = { ...DEFAULT_PARTIAL_OPTIONS, spike: { minCount: 3, threshold: 3, warmup: 5 } };
  const batches = await sampleBatches();
  const expected = await operatorRows(batches, options);
  assert.ok(expected.alerts.length >= 4, `${expected.alerts.length} alerts`);
  await assertLaw(batches, 7, options, expected);
});

Deno.test("minutesFamily() gives the operators' rows, alerts included, on generated data with a spike", async () => {
  const dir = await Deno.makeTempDir({ prefix: "minutes_partial_" });
  try {
    const at = "2025-06-11T19:00:00Z";
    const generate = new Deno.Command(Deno.execPath(), {
      args: ["task", "generate", "--scale", "small", "--spike", `view:400@${at}`, "--out", dir],
      cwd: REPO,
      stdout: "null",
      stderr: "piped",
    });
    const run = await generate.output();
    assert.ok(run.success, new TextDecoder().decode(run.stderr));
    const batches = await cleanBatchesOf(dir);
    const expected = await operatorRows(batches, DEFAULT_PARTIAL_OPTIONS);
    const firing = expected.alerts.filter((a) => a.state === "firing");
    assert.deepEqual(firing.map((a) => [a.event_type, a.minute]), [["view", Date.parse(at)]]);
    await assertLaw(batches, 4, DEFAULT_PARTIAL_OPTIONS, expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("minutesFamily() snapshot() changes neither the state nor earlier snapshots", async () => {
  const [part] = await splitIntoPartitions(await sampleBatches(), 4);
  const family = minutesFamily(DEFAULT_PARTIAL_OPTIONS);
  const watched = family.create();
  const plain = family.create();
  const taken: { snapshot: unknown; json: string }[] = [];
  for (let i = 0; i < part.length; i++) {
    watched.add(part[i]);
    plain.add(part[i]);
    const snapshot = watched.snapshot();
    assert.deepStrictEqual(watched.snapshot(), snapshot, `batch ${i}: a second snapshot differs`);
    if (i % 10 === 0) taken.push({ snapshot, json: JSON.stringify(snapshot) });
  }
  assert.deepStrictEqual(watched.snapshot(), plain.snapshot());
  for (const { snapshot, json } of taken) assert.equal(JSON.stringify(snapshot), json);
});

Deno.test("minutesFamily() snapshots of data/sample in 4 partitions are compact columns", async () => {
  const parts = await splitIntoPartitions(await sampleBatches(), 4);
  const family = minutesFamily(DEFAULT_PARTIAL_OPTIONS);
  const state = family.create();
  for (const batch of parts[0]) state.add(batch);
  const snapshot = state.snapshot();
  const bytes = JSON.stringify(snapshot).length;
  const minutes = snapshot.minutes.length;
  assert.ok(minutes > 5_000, `${minutes} minutes`);
  // Dense, the 8 columns of mostly one-digit figures take some 17 bytes a minute; with the
  // mostly-zero ones sparse, about 7 (minute gap, users, views).
  assert.ok(bytes < minutes * 9, `${bytes} bytes for ${minutes} minutes`);
});

Deno.test("minutesFamily() rejects an out-of-range spike option at once", () => {
  assert.throws(
    () => minutesFamily({ ...DEFAULT_PARTIAL_OPTIONS, spike: { alpha: 2 } }),
    /alpha must be in \(0, 1\], got 2/,
  );
});
