/**
 * One partition's instance of the live operator graph: the cleaning chain and the per-minute
 * operator of replay (`pipeline/graph/`), with a side input for watermark heartbeats.
 *
 * ```
 * raw ─► cleanChain: validate ─► anonymize ─► standardize ─┬─► watermark ─┬─► clean (bookkeeping)
 * heartbeats ──────────────────────────────────────────────┘              └─► minuteActivity
 *                                                                             ─► minute values
 * ```
 *
 * `minuteActivity` runs with `emitOpen`: after each batch the sink also gets the values so far
 * of the open minutes it touched, so live views move every few seconds instead of once per
 * closed minute. They are written like closed values (per partition and minute, replacing) and
 * the closed value replaces them when the minute closes, so the store ends exact.
 *
 * Per-partition composition: every table's operators can hang off `clean` here the way
 * `analytics()` hangs them off a replay's clean stream.
 *
 * @module
 */

import { Subject, type Subscription } from "rxjs";
import { minuteActivity } from "../../operators/minute_activity.ts";
import type { AnyBatch, RawBatch } from "../../operators/types.ts";
import { cleanChain, type CleanOptions, FirstFailure } from "../graph/mod.ts";
import type { WindowValue } from "../store/metrics_store.ts";
import { minuteValues } from "./window_values.ts";

/** What a partition graph needs: the cleaning chain's options, as in replay. */
export type PartitionGraphOptions = CleanOptions;

/** Where a partition graph's outputs go, synchronously during `push` and `heartbeat`. */
export interface PartitionSink {
  /** Every watermarked batch, heartbeats included. */
  clean(batch: AnyBatch): void;
  /**
   * Minute values of this partition: closed minutes, then the open minutes the batch touched
   * with their values so far (a later value of a minute replaces the earlier one).
   */
  values(values: WindowValue[]): void;
}

/**
 * A running partition graph. Each call runs every operator to completion before it returns, so
 * the sink has seen all of a batch's effects by then.
 */
export interface PartitionGraph {
  /** Pushes one raw batch of this partition. */
  push(batch: RawBatch): void;
  /** Moves the watermark to `mark` (when larger), closing the windows it passes. */
  heartbeat(mark: number): void;
  /** Unsubscribes everything; open windows are dropped, not flushed. */
  close(): void;
}

/**
 * Builds one partition's graph.
 *
 * @param partition the partition number written into every value
 * @param options pseudonym, lateness, decoders
 * @param sink receives clean batches and minute values (closed, then open so far)
 * @returns the graph
 * @throws the first operator error, from `push` or `heartbeat` (bad data never errors: it is
 *   quarantined)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const fields = { event_time: "2019-10-01T00:00:00Z", event_type: "view", product_id: "p1",
 *   user_id: "u1", user_session: "s1" };
 * const rawBatch = { table: "activity" as const, quarantine: [], bytesRead: 0, bytesTotal: 0,
 *   records: [{ source: "topic", position: "topic/0@0", raw: JSON.stringify(fields), fields }] };
 * const marks: number[] = [];
 * const graph = partitionGraph(0, { pseudonym: (id) => `p-${id}`, lateness: 30_000 }, {
 *   clean: (batch) => marks.push(batch.watermark!),
 *   values: (values) => assert.ok(values.length > 0), // the open minute's values so far
 * });
 * graph.push(rawBatch);
 * graph.close();
 * assert.deepEqual(marks, [Date.UTC(2019, 9, 1) - 30_000]);
 * ```
 */
export function partitionGraph(
  partition: number,
  options: PartitionGraphOptions,
  sink: PartitionSink,
): PartitionGraph {
  const input = new Subject<RawBatch>();
  const beats = new Subject<AnyBatch>();
  const clean = cleanChain(input, options, beats);
  const failure = new FirstFailure();
  const subscriptions: Subscription[] = [
    clean.subscribe({ next: (batch) => sink.clean(batch), error: failure.fail }),
    clean.pipe(minuteActivity({ emitOpen: true })).subscribe({
      next: (minutes) => sink.values(minuteValues(partition, minutes)),
      error: failure.fail,
    }),
  ];
  const check = () => failure.check();
  return {
    push(batch) {
      check();
      input.next(batch);
      check();
    },
    heartbeat(mark) {
      check();
      beats.next({ table: "activity", records: [], quarantine: [], watermark: mark });
      check();
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}
