import assert from "node:assert/strict";
import { benchSse, formatSseBench } from "../../bench/sse_bench.ts";

Deno.test({
  name: "benchSse() delivers every frame to every client of its child process and reports it",
  sanitizeResources: false,
  fn: async () => {
    const figures = await benchSse({ clients: 20, durationMs: 2_000, cycles: 2 });
    assert.equal(figures.clients, 20);
    assert.equal(figures.events, 2);
    assert.equal(figures.received, 40, "each of 2 events reached each of 20 clients");
    assert.equal(figures.dropped, 0);
    assert.ok(figures.p50 >= 0 && figures.p50 <= figures.p99 && figures.p99 <= figures.max);
    assert.equal(figures.rssMb.length, 3, "a reading before the cycles and after each");
    assert.ok(figures.bundleGzipBytes > 10_000 && figures.bundleGzipBytes < figures.bundleBytes);
    const table = formatSseBench(figures);
    assert.match(table, /\| frames delivered \| 40 of 40 \| all \|/);
    assert.match(table, /p99 ≤ 100 ms/);
  },
});
