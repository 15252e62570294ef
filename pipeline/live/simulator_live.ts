/**
 * The embedded default: the simulator in this process, as one partition (`simulator/0@n`),
 * through the same live runner as Kafka. It can first play a stretch of past traffic at full
 * speed, so the console has per-minute history and the spike detector a warm baseline at once.
 *
 * @module
 */

import type { RawRecord } from "../../operators/types.ts";
import { JSON_LAYOUT } from "../sources/raw_record.ts";
import { log } from "../log.ts";
import { runSimulator, type SimulatorSummary } from "../../dev/simulator/run_simulator.ts";
import type { SimulatedEvent, SpikeSpec } from "../../dev/simulator/simulate_events.ts";
import type { LiveRunner } from "./live_runner.ts";

/** Options of {@linkcode startSimulatorLive}. */
export interface SimulatorLiveOptions {
  runner: LiveRunner;
  /** Mean events per second. */
  rate: number;
  /** Distinct shoppers. */
  users: number;
  /** Burst of one type; its offset counts from the live start (after the history). */
  spike?: SpikeSpec;
  seed?: number;
  /**
   * Past traffic to play first, ms before now, at full speed (default 0), capped at
   * {@linkcode MAX_HISTORY_EVENTS} events.
   */
  historyMs?: number;
}

/** Most events a history may have: at high rates the history gets shorter. */
export const MAX_HISTORY_EVENTS = 1_000_000;

/** Events per batch while the history plays. */
const HISTORY_BATCH = 4096;

/** A running in-process simulator. */
export interface SimulatorLive {
  /** Length of the history played, ms (after the cap). */
  historyMs: number;
  /** Resolves once the history is in the runner and events follow the clock; the events so far. */
  caughtUp: Promise<number>;
  /** Stops the simulator and the idle ticks; the batch in progress is committed first. */
  stop(): Promise<SimulatorSummary>;
}

/**
 * Plays simulated traffic into `runner`, as partition 0 of source `simulator`: first the last
 * `historyMs` of traffic (event times in the past) as fast as the runner takes it, in batches
 * of 4096 events, then in real time. The seed comes from the first event's time unless given.
 *
 * @param opts runner, rate, users, spike, history
 * @returns a handle to stop it
 * @example
 * ```ts
 * import { LiveRunner } from "./live_runner.ts";
 * import { MemoryStore } from "../store/memory_store.ts";
 * const runner = new LiveRunner({ store: new MemoryStore(), group: "shopease",
 *   pseudonym: (id) => `p-${id}`, lateness: 30_000, idleTimeoutMs: 10_000, fromBeginning: true });
 * const sim = startSimulatorLive({ runner, rate: 50, users: 1000 });
 * await sim.stop();
 * ```
 */
export function startSimulatorLive(opts: SimulatorLiveOptions): SimulatorLive {
  const { runner } = opts;
  const historyMs = Math.max(
    0,
    Math.min(opts.historyMs ?? 0, Math.floor((MAX_HISTORY_EVENTS / opts.rate) * 1000)),
  );
  const spike = opts.spike && { ...opts.spike, at: opts.spike.at + historyMs };
  const caughtUp = Promise.withResolvers<number>();
  const abort = new AbortController();
  let next = 0;
  let bytes = 0;
  const deliver = async (events: SimulatedEvent[]) => {
    const records = new Array<RawRecord>(events.length);
    const timestamps = new Array<number>(events.length);
    const now = Date.now();
    for (let i = 0; i < events.length; i++) {
      const raw = JSON.stringify(events[i]);
      bytes += raw.length;
      const fields = events[i] as unknown as Record<string, unknown>;
      const position = `simulator/0@${next + i}`;
      records[i] = { source: "simulator", position, raw, fields, layout: JSON_LAYOUT };
      timestamps[i] = now;
    }
    const batch = {
      table: "activity" as const,
      records,
      quarantine: [],
      bytesRead: bytes,
      bytesTotal: 0,
    };
    const meta = {
      partition: 0,
      firstOffset: String(next),
      lastOffset: String(next + events.length - 1),
      timestamps,
    };
    next += events.length;
    await runner.handleBatch(batch, meta);
  };
  const run = runSimulator({
    onEvents: deliver,
    rate: opts.rate,
    users: opts.users,
    durationMs: Infinity,
    spike,
    seed: opts.seed,
    signal: abort.signal,
    startTime: Date.now() - historyMs,
    maxBatch: HISTORY_BATCH,
    onCaughtUp: () => caughtUp.resolve(next),
  });
  run.catch((error) => {
    log.error(`live: simulator stopped: ${error instanceof Error ? error.message : error}`);
    caughtUp.reject(error);
  });
  caughtUp.promise.catch(() => {}); // reported above; rejects only for those who wait on it
  const timer = setInterval(() => {
    runner.tick().catch((error) => log.warn(`live: idle check failed: ${error}`));
  }, 1000);
  return {
    historyMs,
    caughtUp: caughtUp.promise,
    async stop() {
      clearInterval(timer);
      abort.abort();
      const summary = await run;
      caughtUp.resolve(next); // stopped during the history: nobody waits for ever
      await runner.stop();
      return summary;
    },
  };
}
