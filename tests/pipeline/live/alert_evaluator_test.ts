/**
 * AlertEvaluator over the in-memory store: global minutes complete at the smallest partition
 * watermark, go through spikeAlerts() in order, and are announced once.
 */
import assert from "node:assert/strict";
import { AlertEvaluator, globalWatermark } from "../../../pipeline/live/alert_evaluator.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";
import type { MetricsEvent } from "../../../server/console_events.ts";

const T0 = Date.UTC(2024, 0, 1);
const minute = (k: number) => new Date(T0 + k * 60_000).toISOString();

/** Commits partition `p`'s purchases per minute `k` in `[from, to)` and its watermark. */
async function commit(
  store: MemoryStore,
  p: number,
  from: number,
  to: number,
  purchases: (k: number) => number,
  mark: number,
) {
  const rows = [];
  for (let k = from; k < to; k++) {
    rows.push({
      metric: "event_counts" as const,
      partition: p,
      minute: minute(k),
      value: { view: 10, cart: 0, remove_from_cart: 0, purchase: purchases(k) },
    });
    rows.push({
      metric: "active_users" as const,
      partition: p,
      minute: minute(k),
      value: { active_users: 3 },
    });
  }
  const progress = { partition: p, offset: "0", processed: String(to), watermark: mark };
  assert.equal(
    await store.commitWindows({ group: "g", partitions: [progress], rows }),
    "committed",
  );
}

Deno.test("globalWatermark() is the smallest partition watermark, and waits for a partition without one", async () => {
  const store = new MemoryStore();
  await commit(store, 0, 0, 1, () => 0, T0 + 300_000);
  assert.equal(globalWatermark(await store.readProgress("g"), [0, 1]), -Infinity);
  await commit(store, 1, 0, 1, () => 0, T0 + 200_000);
  assert.equal(globalWatermark(await store.readProgress("g"), [0, 1]), T0 + 200_000);
});

Deno.test("globalWatermark() leaves idle partitions out; when all are idle, it is the smallest watermark", () => {
  const progress = (marks: [number, number | null, boolean][]) => ({
    epoch: "e",
    partitions: new Map(
      marks.map(([partition, watermark, idle]) => [
        partition,
        { partition, offset: "0", processed: "1", watermark, idle },
      ]),
    ),
  });
  const at = (k: number) => T0 + k * 60_000;
  // An idle partition that never had an event no longer holds the others back.
  assert.equal(globalWatermark(progress([[0, at(5), false], [1, null, true]]), [0, 1]), at(5));
  // An idle partition behind the others does not hold them back either.
  assert.equal(globalWatermark(progress([[0, at(5), false], [1, at(2), true]]), [0, 1]), at(5));
  // A running partition without a watermark still does.
  assert.equal(globalWatermark(progress([[0, at(5), false], [1, null, false]]), [0, 1]), -Infinity);
  // Fully idle: nothing moves past the slowest partition's own event time.
  assert.equal(globalWatermark(progress([[0, at(5), true], [1, at(2), true]]), [0, 1]), at(2));
  assert.equal(globalWatermark(progress([[0, null, true], [1, null, true]]), [0, 1]), -Infinity);
});

Deno.test("AlertEvaluator fires on a global spike once every partition has passed the minute", async () => {
  const store = new MemoryStore();
  const announced: MetricsEvent[] = [];
  const evaluator = new AlertEvaluator({
    store,
    spike: { warmup: 5, minCount: 10, cooldown: 2 },
    onMinute: (event) => announced.push(event),
  });
  // Partition 0 carries the spike in minute 12; partition 1 lags behind.
  await commit(store, 0, 0, 20, (k) => (k === 12 ? 40 : 2), T0 + 20 * 60_000);
  await commit(store, 1, 0, 10, () => 1, T0 + 10 * 60_000);
  assert.deepEqual(await evaluator.step(await store.readProgress("g"), [0, 1]), []);
  assert.equal(evaluator.completeThrough, T0 + 9 * 60_000);
  assert.equal(announced.length, 0, "history rebuilt at the first step is not announced");

  await commit(store, 1, 10, 20, () => 1, T0 + 20 * 60_000);
  const alerts = await evaluator.step(await store.readProgress("g"), [0, 1]);
  assert.deepEqual(alerts.map((a) => `${a.state} ${a.event_type} ${a.minute} ${a.count}`), [
    `firing purchase ${minute(12)} 41`,
    `resolved purchase ${minute(14)} 3`,
  ]);
  assert.deepEqual((await store.alerts()).map((a) => a.state), ["resolved", "firing"]);
  assert.deepEqual(
    announced.map((e) => e.minute),
    Array.from({ length: 10 }, (_, i) => minute(10 + i)),
  );
  assert.deepEqual(announced[2], {
    minute: minute(12),
    active_users: 6,
    event_counts: { view: 20, purchase: 41 },
  });
  assert.deepEqual(await evaluator.step(await store.readProgress("g"), [0, 1]), [], "nothing new");
});

Deno.test("AlertEvaluator announces open minutes as partial, summed over partitions, only when they change", async () => {
  const store = new MemoryStore();
  const complete: MetricsEvent[] = [];
  const open: MetricsEvent[] = [];
  const evaluator = new AlertEvaluator({
    store,
    spike: {},
    onMinute: (event) => complete.push(event),
    onOpenMinute: (event) => open.push(event),
  });
  // Both partitions have passed minute 4; minutes 5 and 6 are open in at least one of them.
  await commit(store, 0, 0, 7, () => 1, T0 + 6 * 60_000);
  await commit(store, 1, 0, 6, () => 2, T0 + 5 * 60_000 + 30_000);
  await evaluator.step(await store.readProgress("g"), [0, 1]);
  assert.equal(evaluator.completeThrough, T0 + 4 * 60_000);
  assert.deepEqual(open.map((e) => [e.minute, e.partial, e.active_users]), [
    [minute(5), true, 6],
    [minute(6), true, 3],
  ]);
  assert.deepEqual(open[0].event_counts, { view: 20, purchase: 3 });

  await evaluator.step(await store.readProgress("g"), [0, 1]);
  assert.equal(open.length, 2, "nothing changed: nothing announced again");

  // Partition 1 reaches minute 6 (still open) and closes minute 5.
  await commit(store, 1, 6, 7, () => 4, T0 + 6 * 60_000);
  await evaluator.step(await store.readProgress("g"), [0, 1]);
  assert.deepEqual(complete.map((e) => [e.minute, e.partial]), [[minute(5), undefined]]);
  assert.deepEqual(open.slice(2).map((e) => [e.minute, e.active_users, e.event_counts]), [
    [minute(6), 6, { view: 20, purchase: 5 }],
  ]);
});
