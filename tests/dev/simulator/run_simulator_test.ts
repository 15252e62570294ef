/**
 * runSimulator() in-process and into the real local Kafka. kafkajs keeps timers and sockets that
 * close after `disconnect()` resolves, so the Kafka test turns the op and resource sanitizers off.
 */
import assert from "node:assert/strict";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { kafkaSource } from "../../../pipeline/kafka/kafka_source.ts";
import type { RawRecord } from "../../../operators/types.ts";
import { runSimulator } from "../../../dev/simulator/run_simulator.ts";
import type { SimulatedEvent } from "../../../dev/simulator/simulate_events.ts";
import { realServices, uniqueName } from "../services/real_services.ts";

Deno.test("runSimulator() without Kafka hands events to onEvents as their event time comes due", async () => {
  const batches: SimulatedEvent[][] = [];
  const started = Date.now();
  const summary = await runSimulator({
    rate: 200,
    users: 50,
    durationMs: 800,
    seed: 4,
    tickMs: 100,
    onEvents: (events) => void batches.push(events),
  });
  const elapsed = Date.now() - started;
  const events = batches.flat();
  assert.equal(summary.events, events.length);
  assert.equal(summary.seed, 4);
  assert.ok(batches.length >= 4, `${batches.length} deliveries`);
  // 200/s for 0.8 s: 160 expected.
  assert.ok(events.length > 100 && events.length < 230, `${events.length} events`);
  assert.ok(elapsed >= 750 && elapsed < 2_000, `ran ${elapsed} ms`);
  for (const e of events) {
    const t = Date.parse(e.event_time);
    assert.ok(t >= started - 50 && t <= started + elapsed, e.event_time);
  }
});

Deno.test("runSimulator() with a past startTime plays the history at full speed in bounded batches, then says it caught up", async () => {
  const batches: SimulatedEvent[][] = [];
  const started = Date.now();
  let caughtUpAt = -1;
  const summary = await runSimulator({
    rate: 100,
    users: 50,
    startTime: started - 60_000,
    durationMs: 60_000 + 300,
    seed: 5,
    maxBatch: 500,
    onEvents: (events) => void batches.push(events),
    onCaughtUp: () => caughtUpAt = batches.flat().length,
  });
  const elapsed = Date.now() - started;
  const events = batches.flat();
  assert.equal(summary.events, events.length);
  // 100/s over 60 s of history: about 6000 events, delivered without waiting for the clock.
  assert.ok(events.length > 5_500 && events.length < 6_600, `${events.length} events`);
  assert.ok(elapsed < 2_000, `ran ${elapsed} ms`);
  assert.ok(batches.every((b) => b.length <= 500));
  assert.ok(caughtUpAt >= 5_500, `caught up after ${caughtUpAt} events`);
  const times = events.map((e) => Date.parse(e.event_time));
  assert.ok(times[0] >= started - 60_000 && times[0] < started - 59_000, events[0].event_time);
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]), "in event-time order");
});

Deno.test("runSimulator() stops early when its signal aborts", async () => {
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 200);
  const started = Date.now();
  await runSimulator({
    rate: 10,
    users: 5,
    durationMs: Infinity,
    onEvents: () => {},
    signal: abort.signal,
  });
  assert.ok(Date.now() - started < 1_000);
});

Deno.test("runSimulator() needs a destination", async () => {
  await assert.rejects(
    runSimulator({ rate: 1, users: 1, durationMs: 10 }),
    /needs `kafka`, `producer` or `onEvents`; got none/,
  );
});

Deno.test({
  name:
    "runSimulator() produces to Kafka keyed by user, creating the topic, so each user stays in one partition",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { kafkaBrokers } = await realServices();
    const kafka = createKafka(kafkaBrokers.split(","));
    const topic = uniqueName("simulated");
    const produced: SimulatedEvent[] = [];
    const summary = await runSimulator({
      kafka,
      topic,
      rate: 150,
      users: 40,
      durationMs: 700,
      onEvents: (events) => void produced.push(...events),
    });
    assert.ok(summary.events > 50, `${summary.events} events`);
    assert.equal(produced.length, summary.events);

    const records: RawRecord[] = [];
    const source = await kafkaSource({
      kafka,
      topic,
      groupId: uniqueName("group"),
      onBatch: (batch) => {
        records.push(...batch.records);
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 20_000;
    while (records.length < summary.events && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await source.stop();
    assert.deepEqual(
      records.map((r) => r.fields.event_id).sort(),
      produced.map((e) => e.event_id).sort(),
    );
    const partitionOf = new Map<unknown, string>();
    for (const r of records) {
      const partition = r.position.slice(topic.length + 1, r.position.indexOf("@"));
      assert.equal(partitionOf.get(r.fields.user_id) ?? partition, partition);
      partitionOf.set(r.fields.user_id, partition);
    }
    assert.ok(new Set(partitionOf.values()).size === 4, "4 partitions used");
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  },
});
