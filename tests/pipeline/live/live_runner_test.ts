/**
 * LiveRunner over the in-memory store and an in-process partition log: restarts at arbitrary
 * points must leave exactly the results of an uninterrupted run.
 */
import assert from "node:assert/strict";
import type { RawBatch, RawRecord } from "../../../operators/types.ts";
import { LiveRunner } from "../../../pipeline/live/live_runner.ts";
import { MemoryStore } from "../../../pipeline/store/memory_store.ts";
import type { MetricsStore } from "../../../pipeline/store/metrics_store.ts";
import { random } from "../../../dev/simulator/random.ts";
import { simulateEvents } from "../../../dev/simulator/simulate_events.ts";

const START = Date.UTC(2024, 0, 1);
const LATENESS = 20_000;
const IDLE = 5_000;

/** A partition log: events in arrival order, some delayed so they arrive late. */
function partitionLog(count: number, seed: number): RawRecord[] {
  const events = simulateEvents({ rate: 20, users: 200, seed, startTime: START });
  const ordered = Array.from({ length: count }, () => events.next().value);
  const rng = random(seed);
  const arrival = ordered.map((event, i) => ({
    event,
    at: i + (rng.next() < 0.03 ? rng.int(900) : 0),
  }));
  arrival.sort((a, b) => a.at - b.at);
  const records: RawRecord[] = arrival.map(({ event }, i) => ({
    source: "t",
    position: `t/0@${i}`,
    raw: JSON.stringify(event),
    fields: event as unknown as Record<string, unknown>,
  }));
  // Bad data on the way: it must be quarantined once, however often it is re-read.
  records[100] = { ...records[100], fields: { ...records[100].fields, event_type: "teleport" } };
  return records;
}

interface Drive {
  /** Offsets at which the runner is dropped without warning and a new one starts. */
  crashes: Set<number>;
  /** Offsets at which the partition goes idle long enough for a heartbeat. */
  idles: Set<number>;
  seed: number;
}

/** Feeds the log to runners in random batch sizes, crashing and idling where told. */
async function drive(store: MetricsStore, log: RawRecord[], plan: Drive): Promise<void> {
  const rng = random(plan.seed);
  let cursor = 0;
  let sought: number | null = null;
  const clock = { now: START };
  const newRunner = async () => {
    const runner = new LiveRunner({
      store,
      group: "g",
      pseudonym: (id) => `p${id}`,
      lateness: LATENESS,
      idleTimeoutMs: IDLE,
      fromBeginning: true,
      now: () => clock.now,
      control: {
        seek: (_, offset) => sought = Number(offset),
        offsets: () => Promise.resolve({ low: "0", high: String(log.length), committed: null }),
      },
    });
    await runner.assign([0]);
    return runner;
  };
  let runner = await newRunner();
  const crashes = new Set(plan.crashes);
  const idles = new Set(plan.idles);
  for (;;) {
    if (sought !== null) [cursor, sought] = [sought, null];
    if (cursor >= log.length) break;
    const crash = [...crashes].find((c) => c <= cursor);
    if (crash !== undefined) {
      crashes.delete(crash);
      runner = await newRunner(); // the old one is abandoned mid-stream, as kill -9 would
      continue;
    }
    if (idles.has(cursor)) {
      idles.delete(cursor);
      clock.now += IDLE + 15_000;
      await runner.tick();
      clock.now = START;
      continue;
    }
    // Batches end where the partition goes idle, so the heartbeat comes at the same offset.
    const nextIdle = Math.min(...[...idles].filter((c) => c > cursor));
    const size = Math.min(1 + rng.int(300), nextIdle - cursor);
    const records = log.slice(cursor, cursor + size);
    const batch: RawBatch = {
      table: "activity",
      records,
      quarantine: [],
      bytesRead: 0,
      bytesTotal: 0,
    };
    const last = cursor + records.length - 1;
    await runner.handleBatch(batch, {
      partition: 0,
      firstOffset: String(cursor),
      lastOffset: String(last),
    });
    if (sought === null) cursor = last + 1;
  }
}

async function snapshot(store: MetricsStore) {
  const from = new Date(START).toISOString();
  const to = new Date(START + 86_400_000).toISOString();
  const progress = (await store.readProgress("g")).partitions.get(0);
  return {
    active_users: await store.queryMinutes("active_users", from, to),
    conversion: await store.queryMinutes("conversion", from, to),
    event_counts: await store.queryMinutes("event_counts", from, to),
    processed: progress?.processed,
    watermark: progress?.watermark,
    quality: progress?.quality,
  };
}

Deno.test("LiveRunner restarted at arbitrary points stores exactly what an uninterrupted run stores", async () => {
  const log = partitionLog(12_000, 7);
  const idles = new Set([3_000, 7_500]);
  const reference = new MemoryStore();
  await drive(reference, log, { crashes: new Set(), idles, seed: 1 });
  const expected = await snapshot(reference);
  assert.ok(expected.active_users.length > 5, "minutes closed");
  assert.ok((expected.quality?.late ?? 0) > 0, "some records are late");
  assert.equal(expected.quality?.unknown_type, 1);
  assert.equal(Object.values(expected.quality!).reduce((a, b) => a + b, 0), log.length);

  // Idleness invents no event time: the same records without idle pauses store the same.
  const quiet = new MemoryStore();
  await drive(quiet, log, { crashes: new Set(), idles: new Set(), seed: 1 });
  assert.deepEqual(await snapshot(quiet), expected);

  for (const seed of [2, 3, 4, 5, 6]) {
    const rng = random(seed);
    const crashes = new Set(Array.from({ length: 6 }, () => rng.int(log.length)));
    const store = new MemoryStore();
    await drive(store, log, { crashes, idles, seed });
    assert.deepEqual(
      await snapshot(store),
      expected,
      `crashes at ${[...crashes].sort((a, b) => a - b)}`,
    );
  }
});

Deno.test("LiveRunner holds back the resume offset while a window is open, stores its values so far, and idleness closes nothing", async () => {
  const store = new MemoryStore();
  let now = START;
  const runner = new LiveRunner({
    store,
    group: "g",
    pseudonym: (id) => id,
    lateness: 10_000,
    idleTimeoutMs: IDLE,
    fromBeginning: true,
    now: () => now,
  });
  const event = (i: number, t: number): RawRecord => {
    const fields = {
      event_time: new Date(t).toISOString(),
      event_type: "view",
      product_id: "p",
      user_id: `u${i}`,
      user_session: `s${i}`,
    };
    return { source: "t", position: `t/0@${i}`, raw: JSON.stringify(fields), fields };
  };
  const records = [
    event(0, START + 1_000),
    event(1, START + 30_000),
    event(2, START + 65_000),
    event(3, START + 58_000),
    event(4, START + 75_000),
  ];
  const batch = (from: number, to: number): RawBatch => ({
    table: "activity",
    records: records.slice(from, to),
    quarantine: [],
    bytesRead: 0,
    bytesTotal: 0,
  });
  const minutes = () =>
    store.queryMinutes("active_users", "2024-01-01T00:00:00.000Z", "2024-01-01T00:05:00.000Z");
  assert.equal(
    await runner.handleBatch(batch(0, 2), { partition: 0, firstOffset: "0", lastOffset: "1" }),
    "0",
  );
  // Minute 0 is still open: offset 0 is where a restart must read from.
  assert.equal(
    await runner.handleBatch(batch(2, 3), { partition: 0, firstOffset: "2", lastOffset: "2" }),
    "0",
  );
  // Open minutes are stored as they stand, for live views; closing replaces them.
  assert.deepEqual(await minutes(), [
    { minute: "2024-01-01T00:00:00.000Z", active_users: 2 },
    { minute: "2024-01-01T00:01:00.000Z", active_users: 1 },
  ]);
  now += IDLE + 60_000; // a long silence: the partition is idle, its event time stands still
  await runner.tick();
  let progress = (await store.readProgress("g")).partitions.get(0)!;
  assert.equal(progress.idle, true);
  assert.equal(progress.processed, "3");
  assert.equal(progress.watermark, START + 55_000, "65 s - 10 s lateness, whatever the wall clock");
  assert.equal(progress.newest, START + 65_000);
  assert.equal(progress.offset, "0", "minute 0 stays open");

  // An event older than the wall clock but not than the watermark is on time, not late.
  await runner.handleBatch(batch(3, 4), { partition: 0, firstOffset: "3", lastOffset: "3" });
  progress = (await store.readProgress("g")).partitions.get(0)!;
  assert.equal(progress.idle, false);
  assert.deepEqual(progress.quality, { valid: 4 });
  // A later event moves the watermark past minute 0, which closes with all three users.
  await runner.handleBatch(batch(4, 5), { partition: 0, firstOffset: "4", lastOffset: "4" });
  progress = (await store.readProgress("g")).partitions.get(0)!;
  assert.equal(progress.offset, "2", "minute 0 closed: only minute 1 is open");
  assert.equal(progress.watermark, START + 65_000);
  assert.deepEqual(await minutes(), [
    { minute: "2024-01-01T00:00:00.000Z", active_users: 3 },
    { minute: "2024-01-01T00:01:00.000Z", active_users: 2 },
  ]);
});

Deno.test("LiveRunner skips offsets delivered again while the topic holds them, and counts a re-created topic's as a new stream", async () => {
  const store = new MemoryStore();
  const log = partitionLog(300, 7);
  let high = 200;
  const sought: string[] = [];
  const runner = new LiveRunner({
    store,
    group: "g",
    pseudonym: (id) => `p${id}`,
    lateness: LATENESS,
    idleTimeoutMs: IDLE,
    fromBeginning: true,
    control: {
      topic: "t",
      seek: (_, offset) => sought.push(offset),
      offsets: () => Promise.resolve({ low: "0", high: String(high), committed: null }),
    },
  });
  const feed = (records: RawRecord[], first: number) =>
    runner.handleBatch(
      { table: "activity", records, quarantine: [], bytesRead: 0, bytesTotal: 0 },
      {
        partition: 0,
        firstOffset: String(first),
        lastOffset: String(first + records.length - 1),
      },
    );
  const valid = async () => (await store.readProgress("g")).partitions.get(0)?.quality?.valid ?? 0;
  await runner.assign([0]);
  await feed(log.slice(0, 200), 0);
  assert.equal(await valid(), 199);
  await feed(log.slice(0, 200), 0); // delivered again: the topic still holds offset 199
  await feed(log.slice(150, 200), 150);
  assert.equal(await valid(), 199);
  assert.equal((await store.readProgress("g")).partitions.get(0)?.stream, undefined);

  // The topic is re-created and holds 100 new messages: offsets below the stored 200.
  high = 100;
  const renumbered = log.slice(200, 300).map((r, i) => ({ ...r, position: `t/0@${i}` }));
  assert.equal(await feed(renumbered, 0), null, "sought to the new stream's start");
  assert.equal(sought.at(-1), "0");
  const reset = (await store.readProgress("g")).partitions.get(0);
  assert.deepEqual([reset?.stream, reset?.processed], [1, "0"]);
  await feed(renumbered, 0);
  assert.equal(await valid(), 299, "the new messages counted, the old ones kept");
  await runner.stop();
});
