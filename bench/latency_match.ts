/**
 * Pure part of `deno task bench live-lake`: matches produced messages (topic, partition, offset,
 * send time) to the moment the lake held them and the moment the reports reflected them.
 *
 * @module
 */

/** One produce request's messages of one topic partition: offsets `base … base + count - 1`. */
export interface Sent {
  topic: string;
  partition: number;
  base: number;
  count: number;
  /** Wall clock just before the request was sent, ms. */
  at: number;
}

/** A committed offset range of one topic partition (the runner's `onCommit`). */
export interface Committed {
  topic: string;
  partition: number;
  first: number;
  last: number;
  /** Wall clock once the range was in the lake, ms. */
  at: number;
}

/** One rewrite of the reports: per partition, the next offset not reflected, per topic. */
export interface ReportsSeen {
  at: number;
  /** `topic → partition → next offset` (everything below it is reflected). */
  next: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Latencies of the messages matched, ms, and how many were never matched. */
export interface Matched {
  lake: Float64Array;
  reports: Float64Array;
  /** Messages no commit (or no reports rewrite) covered. */
  missingLake: number;
  missingReports: number;
}

/**
 * For every message sent: the first commit holding its offset minus its send time (lake), and
 * the first reports rewrite whose progress passed its offset minus its send time (reports).
 *
 * @param sent produce requests, any order
 * @param commits committed ranges, any order (a range committed twice counts at its first time)
 * @param reports reports rewrites, any order
 * @returns the latencies (unsorted) and the counts of unmatched messages
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const sent = [{ topic: "a", partition: 0, base: 10, count: 2, at: 1000 }];
 * const commits = [{ topic: "a", partition: 0, first: 10, last: 10, at: 1040 },
 *   { topic: "a", partition: 0, first: 11, last: 20, at: 1100 }];
 * const reports = [{ at: 2500, next: new Map([["a", new Map([[0, 21]])]]) }];
 * const m = matchLatencies(sent, commits, reports);
 * assert.deepEqual([...m.lake], [40, 100]);
 * assert.deepEqual([...m.reports], [1500, 1500]);
 * ```
 */
export function matchLatencies(
  sent: readonly Sent[],
  commits: readonly Committed[],
  reports: readonly ReportsSeen[],
): Matched {
  const ranges = new Map<string, Committed[]>();
  for (const c of commits) {
    const key = `${c.topic}\u0000${c.partition}`;
    let list = ranges.get(key);
    if (list === undefined) ranges.set(key, list = []);
    list.push(c);
  }
  for (const list of ranges.values()) list.sort((a, b) => a.first - b.first || a.at - b.at);
  const ordered = reports.slice().sort((a, b) => a.at - b.at);
  const lake: number[] = [];
  const seen: number[] = [];
  let missingLake = 0;
  let missingReports = 0;
  for (const s of sent) {
    const list = ranges.get(`${s.topic}\u0000${s.partition}`) ?? [];
    for (let offset = s.base; offset < s.base + s.count; offset++) {
      const at = firstCommit(list, offset);
      if (at === null) missingLake++;
      else lake.push(at - s.at);
      const shown = ordered.find((r) => (r.next.get(s.topic)?.get(s.partition) ?? 0) > offset);
      if (shown === undefined) missingReports++;
      else seen.push(shown.at - s.at);
    }
  }
  return {
    lake: Float64Array.from(lake),
    reports: Float64Array.from(seen),
    missingLake,
    missingReports,
  };
}

/** Earliest commit time among the ranges holding `offset` (ranges sorted by first offset). */
function firstCommit(list: readonly Committed[], offset: number): number | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].first <= offset) lo = mid + 1;
    else hi = mid;
  }
  let best: number | null = null;
  // Ranges starting at or before the offset; a re-read may have committed overlapping ones.
  for (let i = lo - 1; i >= 0; i--) {
    const c = list[i];
    if (c.last >= offset && (best === null || c.at < best)) best = c.at;
    if (c.last < offset && best !== null) break;
  }
  return best;
}

/**
 * p50, p95, p99 and max of `values` (nearest rank), ms; NaN for none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const q = quantiles(Float64Array.from({ length: 100 }, (_, i) => i + 1));
 * assert.deepEqual(q, { p50: 50, p95: 95, p99: 99, max: 100 });
 * ```
 */
export function quantiles(
  values: Float64Array,
): { p50: number; p95: number; p99: number; max: number } {
  const sorted = values.slice().sort();
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}
