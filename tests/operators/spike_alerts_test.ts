import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import type { EventCountRow } from "../../operators/event_counts.ts";
import { EVENT_TYPES } from "../../operators/event_counts.ts";
import {
  type AlertRow,
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
    const minute = new Date(at(m)).toISOString();
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
  ) => [{ minute: new Date(at(m)).toISOString(), event_type: type, count }]);
}

Deno.test("spikeAlerts() raises no alert over a steady noisy week", async () => {
  for (const seed of [1, 2, 3]) {
    assert.deepEqual(await alerts(week(seed)), [], `seed ${seed}`);
  }
});

Deno.test("spikeAlerts() raises exactly one firing and one resolved alert for a five-minute spike", async () => {
  const start = 3 * 1440 + 14 * 60; // day 4, 14:00
  const out = await alerts(week(1, { type: "cart", minute: start, minutes: 5, factor: 3 }));
  assert.deepEqual(out.map((a) => [a.id, a.state, a.minute]), [
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
  assert.deepEqual(out.map((a) => [a.state, a.minute, a.count]), [
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
    () => spikeAlerts({ cooldown: -1 }),
    (e) => e instanceof RangeError && /cooldown.*-1/.test(e.message),
  );
});
