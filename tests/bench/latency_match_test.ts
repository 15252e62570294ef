import assert from "node:assert/strict";
import { matchLatencies, quantiles } from "../../bench/latency_match.ts";

Deno.test("matchLatencies() times each offset to the first commit holding it and the first reports past it", () => {
  const sent = [
    { topic: "a", partition: 0, base: 0, count: 3, at: 1_000 },
    { topic: "a", partition: 1, base: 5, count: 1, at: 1_010 },
    { topic: "b", partition: 0, base: 0, count: 1, at: 1_020 },
  ];
  const commits = [
    // Out of order, and offset 2 committed twice (a re-read): the first time counts.
    { topic: "a", partition: 0, first: 2, last: 4, at: 1_300 },
    { topic: "a", partition: 0, first: 0, last: 1, at: 1_100 },
    { topic: "a", partition: 0, first: 2, last: 2, at: 1_250 },
    // Same offsets of another partition and topic must not match partition 0 of "a".
    { topic: "a", partition: 1, first: 0, last: 4, at: 1_050 },
    { topic: "b", partition: 1, first: 0, last: 0, at: 1_060 },
  ];
  const reports = [
    { at: 3_000, next: new Map([["a", new Map([[0, 3], [1, 6]])]]) },
    { at: 2_000, next: new Map([["a", new Map([[0, 1]])]]) },
  ];
  const m = matchLatencies(sent, commits, reports);
  assert.deepEqual([...m.lake], [100, 100, 250]);
  assert.deepEqual([...m.reports], [1_000, 2_000, 2_000, 1_990]);
  // a/1@5 has no commit holding it; b/0@0 neither commit nor reports.
  assert.equal(m.missingLake, 2);
  assert.equal(m.missingReports, 1);
});

Deno.test("quantiles() gives nearest-rank p50/p95/p99/max and NaN for no values", () => {
  assert.deepEqual(quantiles(Float64Array.from([5, 1, 3])), { p50: 3, p95: 5, p99: 5, max: 5 });
  const none = quantiles(new Float64Array());
  assert.ok(Number.isNaN(none.p50) && Number.isNaN(none.max));
});
