/**
 * The state of one partition number of the live lake: partition _n_ of every input topic runs
 * through one cleaning chain (the one replay composes), and its clean batches feed the partial
 * state of every report family.
 *
 * @module
 */

import { Subject } from "rxjs";
import { cleanChain, type CleanOptions } from "../graph/clean_chain.ts";
import type { AnyBatch, RawBatch, TableName } from "../../operators/types.ts";
import type { GraphReportName } from "../../operators/registry.ts";
import type {
  Json,
  PartialFamily,
  PartitionPartial,
} from "../../operators/partials/partial_family.ts";

/** Any report family. */
export type AnyFamily = PartialFamily<Json, GraphReportName>;

/** What a partition's snapshot holds: its progress and each family's partial state. */
export interface PartitionSnapshot {
  /** Per table (of the topics read), the next offset not yet taken, as decimal text. */
  offsets: Partial<Record<TableName, string>>;
  /** Records taken (valid and quarantined), for the `summary` report. */
  records: number;
  /** Largest event time of a valid transaction, or null. */
  latestTransaction: number | null;
  /** Family name → its partial state. */
  families: Record<string, Json>;
}

/**
 * Partition _n_ of the live stream: the cleaning chain and the report families' partial states.
 * Feed it the raw batches of partition _n_ of each topic, each topic's in offset order; the result
 * depends only on each topic's sequence of messages, not on how they were cut into batches or
 * interleaved with other topics' (the chain's state is per table; the families' snapshots are
 * "as if the input ended now").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const part = new LakePartition(0, { pseudonym: (id) => `p-${id}`, lateness: 0 }, []);
 * const fields = { event_time: "2019-10-01T00:00:00Z", event_type: "view", product_id: "p1",
 *   user_id: "u1", user_session: "s1", event_id: "e1" };
 * const clean = part.take({ table: "activity", quarantine: [], bytesRead: 0, bytesTotal: 0,
 *   records: [{ source: "t", position: "t/0@0", raw: "", fields }] }, 1n);
 * assert.equal(clean.records.length, 1);
 * assert.equal(part.next("activity"), 1n);
 * assert.equal(part.snapshot().records, 1);
 * ```
 */
export class LakePartition {
  readonly partition: number;
  readonly #input = new Subject<RawBatch>();
  readonly #out: AnyBatch[] = [];
  readonly #families: readonly AnyFamily[];
  readonly #partials: PartitionPartial<Json>[];
  readonly #next = new Map<TableName, bigint>();
  #failure: unknown = null;
  #records = 0;
  #latestTransaction = -Infinity;

  /**
   * @param partition the partition number
   * @param clean the cleaning chain's options (key, lateness, decoders, plausible time)
   * @param families the report families whose partial state this partition keeps
   */
  constructor(partition: number, clean: CleanOptions, families: readonly AnyFamily[]) {
    this.partition = partition;
    this.#families = families;
    this.#partials = families.map((family) => family.create());
    cleanChain(this.#input, clean).subscribe({
      next: (batch) => this.#out.push(batch),
      error: (error) => this.#failure = error ?? new Error("cleaning chain failed"),
    });
  }

  /** The next offset of `table`'s topic this partition has not taken (0 at first). */
  next(table: TableName): bigint {
    return this.#next.get(table) ?? 0n;
  }

  /**
   * Runs one raw batch through the cleaning chain and the families.
   *
   * @param batch raw records of one table, in offset order
   * @param next the offset after the batch's last message
   * @returns the clean batch: valid records and quarantine rows of that table
   * @throws the chain's error (the partition is then unusable: build a new one)
   */
  take(batch: RawBatch, next: bigint): AnyBatch {
    if (this.#failure !== null) throw this.#failure;
    this.#input.next(batch);
    if (this.#failure !== null) throw this.#failure;
    const out = this.#out.splice(0);
    if (out.length !== 1) throw new Error(`cleaning chain gave ${out.length} batches for one`);
    const clean = out[0];
    for (const partial of this.#partials) partial.add(clean);
    this.#records += clean.records.length + clean.quarantine.length;
    if (clean.table === "transactions") {
      for (const record of clean.records) {
        if (record.eventTime > this.#latestTransaction) this.#latestTransaction = record.eventTime;
      }
    }
    this.#next.set(batch.table, next);
    return clean;
  }

  /** Progress and every family's partial state, as if the partition's input ended now. */
  snapshot(): PartitionSnapshot {
    const offsets: Partial<Record<TableName, string>> = {};
    for (const [table, next] of this.#next) offsets[table] = next.toString();
    const families: Record<string, Json> = {};
    this.#families.forEach((family, i) => families[family.name] = this.#partials[i].snapshot());
    return {
      offsets,
      records: this.#records,
      latestTransaction: Number.isFinite(this.#latestTransaction) ? this.#latestTransaction : null,
      families,
    };
  }

  /** Ends the chain (drops its subscriptions). */
  close(): void {
    this.#input.complete();
  }
}
