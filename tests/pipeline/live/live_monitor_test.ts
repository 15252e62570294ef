import assert from "node:assert/strict";
import { AlertEvaluator } from "../../../pipeline/live/alert_evaluator.ts";
import { LiveMonitor } from "../../../pipeline/live/live_monitor.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";

Deno.test("LiveMonitor's watermark delay is the newest event time minus the watermark, not the wall clock", async () => {
  const store = new MemoryStore();
  const t0 = Date.UTC(2019, 10, 1);
  const partitions = [
    { partition: 0, offset: "0", processed: "9", watermark: t0, newest: t0 + 30_000 },
    { partition: 1, offset: "0", processed: "5", watermark: t0 + 10_000, newest: t0 + 45_000 },
  ];
  assert.equal(await store.commitWindows({ group: "g", partitions, rows: [] }), "committed");
  const monitor = new LiveMonitor({
    store,
    group: "g",
    evaluator: new AlertEvaluator({ store, spike: {} }),
    eventsIn: () => 0,
    topicOffsets: () =>
      Promise.resolve(new Map([[0, { low: 0n, high: 9n }], [1, { low: 0n, high: 5n }]])),
    measureLag: true,
    now: () => Date.UTC(2026, 11, 2), // seven years later: must not show
  });
  await monitor.step();
  assert.equal(monitor.gauges().watermark_delay_ms, 45_000);
});
