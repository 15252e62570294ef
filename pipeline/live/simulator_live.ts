/**
 * The embedded default: the simulator in this process, as one partition (`simulator/0@n`),
 * through the same live runner as Kafka.
 *
 * @module
 */

import type { RawRecord } from "../../operators/types.ts";
import { log } from "../log.ts";
import { runSimulator, type SimulatorSummary } from "../simulator/run_simulator.ts";
import type { SimulatedEvent, SpikeSpec } from "../simulator/simulate_events.ts";
import type { LiveRunner } from "./live_runner.ts";

/** Options of {@linkcode startSimulatorLive}. */
export interface SimulatorLiveOptions {
  runner: LiveRunner;
  /** Mean events per second. */
  rate: number;
  /** Distinct shoppers. */
  users: number;
  spike?: SpikeSpec;
  seed?: number;
}

/** A running in-process simulator. */
export interface SimulatorLive {
  /** Stops the simulator and the idle ticks; the batch in progress is committed first. */
  stop(): Promise<SimulatorSummary>;
}

/**
 * Plays simulated traffic in real time into `runner`, as partition 0 of source `simulator`.
 *
 * @param opts runner, rate, users, spike
 * @returns a handle to stop it
 * @example
 * ```ts
 * const sim = startSimulatorLive({ runner, rate: 50, users: 1000 });
 * await sim.stop();
 * ```
 */
export function startSimulatorLive(opts: SimulatorLiveOptions): SimulatorLive {
  const { runner } = opts;
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
      records[i] = { source: "simulator", position: `simulator/0@${next + i}`, raw, fields };
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
    spike: opts.spike,
    seed: opts.seed,
    signal: abort.signal,
  });
  run.catch((error) =>
    log.error(`live: simulator stopped: ${error instanceof Error ? error.message : error}`)
  );
  const timer = setInterval(() => {
    runner.tick().catch((error) => log.warn(`live: idle heartbeat failed: ${error}`));
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      abort.abort();
      const summary = await run;
      await runner.stop();
      return summary;
    },
  };
}
