import assert from "node:assert/strict";
import { from, lastValueFrom, Subject, toArray } from "rxjs";
import type { EventCountRow } from "../../operators/event_counts.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import type { AlertRow } from "../../operators/alert_row.ts";
import {
  DEFAULT_SPIKE_OPTIONS,
  spikeAlerts,
  type SpikeOptions,
} from "../../operators/spike_alerts.ts";
import type { EventType } from "../../operators/types.ts";
import { at, prng } from "./window_fixtures.ts";

const WEEK = 7 * 1440;
/** Typical per-minute counts of view, cart, remove_from_cart, purchase. */
const LEVELS = [300, 40, 25, 20];

interface Spike {
  type: EventType;
  minute: number;
  minutes: number;
  factor: number;
}

/** A minute as ISO text, to read expectations. */
function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * A week of per-minute counts at a steady level with ±10 % uniform noise from a seeded PRNG, one
 * array per minute as `eventCounts()` emits them; `spike` multiplies one type's counts.
 *
 * Bounded noise on a steady level is the case the defaults are tuned for: a daily cycle or
 * Poisson-like tails make the default detector fire now and then (see the operator's docs).
 */
function week(seed: number, spike?: Spike): EventCountRow[][] {
  const random = prng(seed);
  const minutes: EventCountRow[][] = [];
  for (let m = 0; m < WEEK; m++) {
    const minute = at(m);
    minutes.push(EVENT_TYPES.map((event_type, k) => {
      let count = Math.round(LEVELS[k] * (1 + 0.1 * (2 * random() - 1)));
      if (
        spike && spike.type === event_type && m >= spike.minute && m < spike.minute + spike.minutes
      ) {
        count = Math.round(count * spike.factor);
      }
      return { minute, event_type, count };
    }));
  }
  return minutes;
}

async function alerts(minutes: EventCountRow[][], opts?: SpikeOptions): Promise<AlertRow[]> {
  return (await lastValueFrom(from(minutes).pipe(spikeAlerts(opts), toArray()))).flat();
}

/** Per-minute rows of one event type from a list of counts. */
function series(type: EventType, counts: number[]): EventCountRow[][] {
  return counts.map((
    count,
    m,
  ) => [{ minute: at(m), event_type: type, count }]);
}

Deno.test("spikeAlerts() raises no alert over a steady noisy week", async () => {
  for (const seed of [1, 2, 3]) {
    assert.deepEqual(await alerts(week(seed)), [], `seed ${seed}`);
  }
});

Deno.test("spikeAlerts() raises exactly one firing and one resolved alert for a five-minute spike", async () => {
  const start = 3 * 1440 + 14 * 60; // day 4, 14:00
  const out = await alerts(week(1, { type: "cart", minute: start, minutes: 5, factor: 3 }));
  assert.deepEqual(out.map((a) => [a.id, a.state, iso(a.minute)]), [
    ["cart:2019-10-04T14:00:00.000Z", "firing", "2019-10-04T14:00:00.000Z"],
    // The spike ends at 14:05, but the alert resolves only after the 10-minute cooldown.
    ["cart:2019-10-04T14:00:00.000Z", "resolved", "2019-10-04T14:10:00.000Z"],
  ]);
  const [firing, resolved] = out;
  assert.ok(firing.zscore >= DEFAULT_SPIKE_OPTIONS.threshold, `zscore ${firing.zscore}`);
  assert.ok(
    firing.count > 2.5 * firing.baseline,
    `count ${firing.count} baseline ${firing.baseline}`,
  );
  // Spike minutes stay out of the baseline: after the spike it is still near the pre-spike level.
  assert.ok(Math.abs(resolved.baseline - firing.baseline) < 0.1 * firing.baseline);
  assert.ok(resolved.zscore < DEFAULT_SPIKE_OPTIONS.threshold);
  assert.equal(firing.baseline, Math.round(firing.baseline * 1000) / 1000);
});

Deno.test("spikeAlerts() resolves a spike longer than the cooldown at its first quiet minute", async () => {
  const counts = Array.from({ length: 100 }, (_, m) => (m >= 50 && m < 65 ? 300 : 100 + (m % 3)));
  const out = await alerts(series("view", counts));
  assert.deepEqual(out.map((a) => [a.state, iso(a.minute), a.count]), [
    ["firing", "2019-10-01T00:50:00.000Z", 300],
    ["resolved", "2019-10-01T01:05:00.000Z", counts[65]],
  ]);
});

Deno.test("spikeAlerts() does not alert during the warm-up", async () => {
  const spikeAt = (m: number) =>
    Array.from({ length: 80 }, (_, i) => (i === m ? 500 : 100 + (i % 2)));
  assert.deepEqual(await alerts(series("view", spikeAt(20))), []);
  assert.equal((await alerts(series("view", spikeAt(40)))).length, 2);
});

Deno.test("spikeAlerts() never alerts below the minimum count, so sparse series stay quiet", async () => {
  const sparse = Array.from({ length: 200 }, (_, m) => (m % 37 === 36 ? 19 : m % 5 === 0 ? 1 : 0));
  assert.deepEqual(await alerts(series("purchase", sparse)), []);
  const atMinimum = sparse.map((c) => (c === 19 ? 20 : c));
  assert.equal(
    (await alerts(series("purchase", atMinimum))).filter((a) => a.state === "firing").length > 0,
    true,
  );
});

Deno.test("spikeAlerts() watches each event type independently", async () => {
  const start = 2 * 1440;
  const out = await alerts(week(2, { type: "view", minute: start, minutes: 3, factor: 4 }));
  assert.deepEqual(out.map((a) => [a.event_type, a.state]), [["view", "firing"], [
    "view",
    "resolved",
  ]]);
});

Deno.test("spikeAlerts() gives the same alerts however the rows are grouped into arrays", async () => {
  const minutes = week(3, { type: "purchase", minute: 5_000, minutes: 5, factor: 4 });
  const perMinute = await alerts(minutes);
  const perHour: EventCountRow[][] = [];
  for (let i = 0; i < minutes.length; i += 60) perHour.push(minutes.slice(i, i + 60).flat());
  assert.equal(perMinute.length, 2);
  assert.deepEqual(await alerts(perHour), perMinute);
});

Deno.test("spikeAlerts() rejects options out of range, naming the value", () => {
  assert.throws(
    () => spikeAlerts({ alpha: 0 }),
    (e) => e instanceof RangeError && /alpha.*0/.test(e.message),
  );
  assert.throws(
    () => spikeAlerts({ threshold: 0 }),
    (e) => e instanceof RangeError && /threshold.*> 0.*got 0/.test(e.message),
  );
  assert.throws(
    () => spikeAlerts({ cooldown: -1 }),
    (e) => e instanceof RangeError && /cooldown.*-1/.test(e.message),
  );
});

/**
 * Bursty traffic as counts per minute and type: busy stretches at the `LEVELS` of the types
 * with ±10 % noise and the odd spike (some short, some longer than six cooldowns), separated by
 * quiet stretches from 1 minute to 12 days. Purchases start only on day 3 and then miss half of
 * the busy minutes; the other types miss one in twenty.
 */
function bursty(seed: number, days: number): number[][] {
  const random = prng(seed);
  const counts: number[][] = [];
  let busy = true;
  let left = 120; // minutes left in the current stretch
  let spike: { k: number; left: number; factor: number } | null = null;
  for (let m = 0; m < days * 1440; m++) {
    if (left-- === 0) {
      busy = !busy;
      left = busy ? 30 + Math.floor(random() * 600) : Math.floor(Math.exp(random() * 9.8)); // e^9.8 min ≈ 12 days
    }
    if (busy && spike === null && random() < 0.004) {
      spike = { k: Math.floor(random() * 4), left: random() < 0.3 ? 90 : 3, factor: 4 };
    }
    const minute = [0, 0, 0, 0];
    if (busy) {
      for (let k = 0; k < 4; k++) {
        if (k === 3 && m < 3 * 1440) continue;
        if (random() < (k === 3 ? 0.5 : 0.05)) continue; // a minute without this type
        let count = Math.round(LEVELS[k] * (1 + 0.1 * (2 * random() - 1)) * (k === 2 ? 0.05 : 1));
        if (spike !== null && spike.k === k) count *= spike.factor;
        minute[k] = count;
      }
      if (spike !== null && --spike.left === 0) spike = null;
    }
    counts.push(minute);
  }
  return counts;
}

/**
 * The rows of `counts` in arrays as `eventCounts()` emits them: dense (the old output, all four
 * types in every minute from the first to the last with an event, quiet minutes in the array of
 * the next busy one) or sparse (only counts above zero). An array ends after a random busy minute.
 */
function rowsOf(counts: number[][], dense: boolean, seed: number): EventCountRow[][] {
  const busy = (c: number[]) => c.some((x) => x > 0);
  const random = prng(seed);
  const arrays: EventCountRow[][] = [];
  let rows: EventCountRow[] = [];
  const last = counts.findLastIndex(busy);
  for (let m = counts.findIndex(busy); m <= last; m++) {
    const minute = at(m);
    for (let k = 0; k < 4; k++) {
      const count = counts[m][k];
      if (dense || count > 0) rows.push({ minute, event_type: EVENT_TYPES[k], count });
    }
    if (busy(counts[m]) && random() < 0.1) {
      arrays.push(rows);
      rows = [];
    }
  }
  if (rows.length > 0) arrays.push(rows);
  return arrays;
}

Deno.test("spikeAlerts() gives exactly the same alerts for sparse rows as for zero-filled ones", async () => {
  const tuned: SpikeOptions = { alpha: 0.02, warmup: 5, threshold: 3, minCount: 5, cooldown: 3 };
  for (const seed of [1, 2, 3]) {
    const counts = bursty(seed, 40);
    const dense = rowsOf(counts, true, seed);
    const sparse = rowsOf(counts, false, seed);
    assert.ok(sparse.flat().length < dense.flat().length / 2, `seed ${seed}`);
    for (const opts of [undefined, tuned]) {
      // Compared array by array: the same alerts, emitted at the same point of the input.
      const byArray = await lastValueFrom(from(dense).pipe(spikeAlerts(opts), toArray()));
      const sparseByArray = await lastValueFrom(from(sparse).pipe(spikeAlerts(opts), toArray()));
      assert.deepEqual(sparseByArray, byArray, `seed ${seed} ${JSON.stringify(opts)}`);
      const expected = byArray.flat();
      // Not vacuous: spikes fire, some resolve by a level shift, and the late type alerts too.
      assert.ok(expected.filter((a) => a.state === "firing").length >= 3, `seed ${seed}`);
      assert.ok(expected.some((a) => a.state === "resolved" && a.count >= 100), `seed ${seed}`);
      assert.ok(expected.some((a) => a.event_type === "purchase"), `seed ${seed}`);
      // With the 10-minute cooldown, some alerts resolve in a minute that has no row of its type.
      if (opts === undefined) {
        assert.ok(expected.some((a) => a.state === "resolved" && a.count === 0), `seed ${seed}`);
      }
    }
  }
});

Deno.test("spikeAlerts() counts a type missing from a minute as 0 from the first minute seen", () => {
  // Views from 00:00; the first purchases come at 00:40, after 40 minutes that count as 0 for
  // purchase too, so its baseline is 0 and warmed up: 30 purchases are a spike.
  const rows: EventCountRow[][] = [];
  for (let m = 0; m < 60; m++) {
    const minute = at(m);
    rows.push([{ minute, event_type: "view", count: 100 + (m % 3) }]);
    if (m === 40) rows[m].push({ minute, event_type: "purchase", count: 30 });
  }
  // Fed one minute at a time, to see which input array each alert comes with.
  const input = new Subject<EventCountRow[]>();
  const emitted: unknown[] = [];
  let fed = -1;
  input.pipe(spikeAlerts()).subscribe((out) => {
    for (const a of out) emitted.push([fed, a.state, a.id, iso(a.minute), a.count, a.baseline]);
  });
  for (fed = 0; fed < rows.length; fed++) input.next(rows[fed]);
  assert.deepEqual(emitted, [
    [40, "firing", "purchase:2019-10-01T00:40:00.000Z", "2019-10-01T00:40:00.000Z", 30, 0],
    // Resolved by the quiet minute 00:50, which has no purchase row, as soon as it is complete.
    [50, "resolved", "purchase:2019-10-01T00:40:00.000Z", "2019-10-01T00:50:00.000Z", 0, 0],
  ]);
});

Deno.test("spikeAlerts() crosses a gap of a thousand years between rows in bounded time", async () => {
  const rows: EventCountRow[][] = [];
  for (let m = 0; m < 40; m++) {
    rows.push([{ minute: at(m), event_type: "view", count: 300 }]);
  }
  const later = Date.UTC(3019, 9, 1);
  rows.push([{ minute: later, event_type: "view", count: 25 }]);
  const started = performance.now();
  const out = await alerts(rows);
  // Minute by minute this is 5 × 10⁸ observations; they are skipped once the baseline is 0.
  assert.ok(performance.now() - started < 1_000, `${performance.now() - started} ms`);
  assert.deepEqual(out.map((a) => [a.state, a.minute, a.baseline]), [["firing", later, 0]]);
});

Deno.test("spikeAlerts() reports rows out of minute order, split minutes and duplicates as errors", async () => {
  const row = (m: number, event_type: EventType = "view"): EventCountRow => ({
    minute: at(m),
    event_type,
    count: 1,
  });
  const cases: [EventCountRow[][], RegExp][] = [
    [[[row(5), row(4)]], /minute order.*00:04:00.*after.*00:05:00/],
    // The first array's last minute was complete, so another row for it comes too late.
    [[[row(5)], [row(5, "cart")]], /minute order.*00:05:00.*after.*00:05:00/],
    [[[row(5), row(5)]], /two rows for view in 2019-10-01T00:05:00.000Z/],
    [
      [[{ ...row(5), minute: Date.parse("2019-10-01T00:05:30.000Z") }]],
      /start a UTC minute.*00:05:30/,
    ],
    [[[{ ...row(5), event_type: "click" as EventType }]], /unknown event_type "click"/],
  ];
  for (const [input, message] of cases) {
    await assert.rejects(lastValueFrom(from(input).pipe(spikeAlerts())), message);
  }
});
