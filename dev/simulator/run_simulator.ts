/**
 * Plays simulated traffic in real time, into Kafka or straight to a callback.
 *
 * @module
 */

import type { Kafka, Producer } from "kafkajs";
import { connectKafka } from "../../pipeline/kafka/create_kafka.ts";
import { ensureTopic } from "../../pipeline/kafka/ensure_topic.ts";
import { createProducer } from "../../pipeline/kafka/create_producer.ts";
import { produceEvents } from "../../pipeline/kafka/produce_events.ts";
import { type SimulatedEvent, simulateEvents, type SpikeSpec } from "./simulate_events.ts";

/** Options of {@linkcode runSimulator}; give `kafka`, `producer` or `onEvents`. */
export interface RunSimulatorOptions {
  /** Produce through a producer of this client, creating the topic first if needed. */
  kafka?: Kafka;
  /** Produce through this connected producer (the broker auto-creates a missing topic). */
  producer?: Producer;
  /** Target topic (default `shopease.activity`). */
  topic?: string;
  /** Mean events per second. */
  rate: number;
  /** Number of distinct shoppers. */
  users: number;
  /** How long to run, ms; `Infinity` runs until `signal` aborts. */
  durationMs: number;
  spike?: SpikeSpec;
  /** Seed of the traffic (default: the start time, so each run differs). */
  seed?: number;
  /** Receives each tick's events: the in-process mode (no Kafka), or an observer of a Kafka run. */
  onEvents?: (events: SimulatedEvent[]) => void | Promise<void>;
  /** Stops the run early. */
  signal?: AbortSignal;
  /** Pause between deliveries, ms (default 200). */
  tickMs?: number;
  /**
   * Event time of the first event, ms (default: now). A time in the past first plays the
   * traffic due up to now at full speed (history), then continues in real time.
   */
  startTime?: number;
  /** Most events per delivery (default: no limit); bounds the batches of a history. */
  maxBatch?: number;
  /** Called once, when the run has caught up with the clock (every event due so far delivered). */
  onCaughtUp?: () => void;
}

/** What a run produced. */
export interface SimulatorSummary {
  events: number;
  /** Seed used; pass it back to replay the same traffic. */
  seed: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Emits simulated events as wall-clock time reaches their event time: every tick, the events
 * due so far go to Kafka (keyed by `user_id`, so a shopper's events share a partition) or to
 * `onEvents`. Event times start at the run's start, so live metrics line up with the clock;
 * with a `startTime` in the past, the events before now go out first, as fast as they are taken.
 *
 * @param opts destination, rate, users, duration, spike
 * @returns how many events were emitted, and the seed
 * @throws {TypeError} when neither `kafka`, `producer` nor `onEvents` is given
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * let events = 0;
 * await runSimulator({ rate: 20, users: 500, durationMs: 1_000, onEvents: (e) => void (events += e.length) });
 * assert.ok(events > 0); // about 20 in the second
 * ```
 */
export async function runSimulator(opts: RunSimulatorOptions): Promise<SimulatorSummary> {
  const { kafka, topic = "shopease.activity", onEvents, signal, tickMs = 200 } = opts;
  if (!kafka && !opts.producer && !onEvents) {
    throw new TypeError("runSimulator() needs `kafka`, `producer` or `onEvents`; got none");
  }
  const startTime = opts.startTime ?? Date.now();
  const maxBatch = opts.maxBatch ?? Infinity;
  let caughtUp = false;
  const seed = opts.seed ?? startTime % 2 ** 31;
  const events = simulateEvents({ ...opts, seed, startTime });
  let producer = opts.producer;
  if (!producer && kafka) {
    const admin = kafka.admin();
    await connectKafka(kafka, admin);
    try {
      await ensureTopic(admin, topic);
    } finally {
      await admin.disconnect();
    }
    producer = createProducer(kafka);
    await producer.connect();
  }
  let count = 0;
  let pending = events.next().value;
  try {
    while (!signal?.aborted) {
      const now = Date.now();
      const end = Math.min(now, startTime + opts.durationMs);
      const due: SimulatedEvent[] = [];
      while (due.length < maxBatch && Date.parse(pending.event_time) <= end) {
        due.push(pending);
        pending = events.next().value;
      }
      if (due.length > 0) {
        if (producer) await produceEvents(producer, topic, due, (e) => e.user_id);
        if (onEvents) await onEvents(due);
        count += due.length;
      }
      if (due.length >= maxBatch) continue; // catching up on history: no pause
      if (!caughtUp) {
        caughtUp = true;
        opts.onCaughtUp?.();
      }
      if (now >= startTime + opts.durationMs) break;
      await sleep(Math.min(tickMs, startTime + opts.durationMs - now), signal);
    }
  } finally {
    if (producer && !opts.producer) await producer.disconnect();
  }
  return { events: count, seed };
}
