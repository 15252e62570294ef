/**
 * One owned partition in the live runner: its operator graph, and the bookkeeping that makes a
 * restart exact (where to resume reading, the watermark to resume with, the heartbeats to
 * replay, and how far outputs were already committed) and whether it is idle.
 *
 * @module
 */

import { MINUTE_MS, minuteStart } from "../../operators/time_buckets.ts";
import type { AnyBatch, RawBatch } from "../../operators/types.ts";
import { countOutcomes } from "../../operators/quality.ts";
import type { PartitionProgress, WindowValue } from "../store/metrics_store.ts";
import {
  type PartitionGraph,
  partitionGraph,
  type PartitionGraphOptions,
} from "./partition_graph.ts";
import { splitRawBatch } from "./split_raw_batch.ts";
import type { PartitionStart } from "./partition_start.ts";

/** A pushed piece of input: its first offset, the watermark before it, its latest minute. */
interface Piece {
  first: bigint;
  markBefore: number;
  lastMinute: number;
}

/** A finite number, or null for ±Infinity (JSON has no infinities). */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The state of one partition. Records are pushed in offset order; the graph runs
 * synchronously, so after {@linkcode PartitionState.take} returns, closed values wait in
 * {@linkcode PartitionState.takeValues} and {@linkcode PartitionState.progress} describes
 * exactly what a restart needs.
 *
 * Resume rule: a restart re-reads from the first offset of the earliest piece that still has a
 * record in an open window, restarting the watermark at the value it had before that piece and
 * replaying the idle heartbeats that came after it. Records are then decided exactly as the
 * first time (the watermark's late check depends only on its value and the record order), and
 * everything they produce below `processed` is dropped, having been committed already.
 */
export class PartitionState {
  readonly partition: number;
  /** The partition's stream (its topic re-created this many times); tags values and progress. */
  readonly stream: number;
  /** The next offset expected from the source. */
  next: bigint;
  /** The watermark now (-Infinity before any). */
  mark = -Infinity;
  /** Largest event time accepted (the newest event), -Infinity before any. */
  maxSeen = -Infinity;
  /** Wall clock of the last batch from the source (or of the start). */
  lastMessageWall: number;
  /**
   * No batch for the idle timeout: the global watermark leaves this partition out until its
   * next batch. Idleness never moves the partition's own watermark (it has no event time to
   * move it by), so history produced later is not late.
   */
  isIdle = false;
  /** Records (valid or quarantined) at offsets not seen before, since this state began. */
  newRecords = 0;
  /** A seek to `next` was asked for and not yet answered. */
  soughtTo: bigint | null = null;
  readonly #lateness: number;
  readonly #graph: PartitionGraph;
  readonly #quality: Map<string, number>;
  #values: WindowValue[] = [];
  #pieces: Piece[] = [];
  /** Heartbeats applied that a restart must replay: offset they came before, watermark. */
  #beats: [bigint, number][] = [];
  /** Restore: heartbeats still to replay, the end of the silent rebuild, its watermark. */
  #replay: [bigint, number][];
  #restoreUntil: bigint;
  #restoreMark: number;
  #restoring: boolean;
  /** The piece being pushed: outputs dropped when silent, its largest event time. */
  #silent = false;
  #pieceMax = -Infinity;

  /**
   * @param partition partition number
   * @param start where to start, from stored progress
   * @param options graph options (pseudonym, lateness)
   * @param now wall clock, ms
   */
  constructor(
    partition: number,
    start: PartitionStart,
    options: PartitionGraphOptions,
    now: number,
  ) {
    this.partition = partition;
    this.stream = start.stream;
    this.next = start.next;
    this.#lateness = options.lateness;
    this.#quality = new Map(Object.entries(start.quality));
    this.#replay = start.heartbeats.filter(([offset]) => offset > start.next);
    this.#restoreUntil = start.processed;
    this.#restoreMark = start.watermark;
    this.#restoring = start.next < start.processed;
    this.lastMessageWall = now;
    // The newest event before the restart was at least this (records before `next` are not re-read).
    if (Number.isFinite(start.watermark)) this.maxSeen = start.watermark + options.lateness;
    this.#graph = partitionGraph(partition, options, {
      clean: (batch) => this.#onClean(batch),
      values: (values) => {
        if (this.#silent) return;
        for (const value of values) {
          this.#values.push(this.stream === 0 ? value : { ...value, stream: this.stream });
        }
      },
    });
    this.#beat(start.resumeMark, null, true);
    if (!this.#restoring) this.#beat(start.watermark, null, true);
  }

  /** True while re-reading records whose outputs an earlier owner committed. */
  get restoring(): boolean {
    return this.#restoring;
  }

  /** The offset after the last record whose outputs were committed or are being computed. */
  get processed(): bigint {
    return this.#restoring && this.#restoreUntil > this.next ? this.#restoreUntil : this.next;
  }

  /** Record counts by outcome (`valid` or a quarantine reason) up to `next`. */
  get quality(): ReadonlyMap<string, number> {
    return this.#quality;
  }

  /**
   * Processes the records of offsets `[first, last]`, in order. `first` must equal `next`.
   *
   * @param batch raw records and source quarantine rows of those offsets
   * @param first first offset of the batch
   * @param last last offset of the batch
   * @param now wall clock, ms
   */
  take(batch: RawBatch, first: bigint, last: bigint, now: number): void {
    if (first !== this.next) {
      throw new RangeError(
        `partition ${this.partition}: batch starts at ${first}, expected ${this.next}`,
      );
    }
    this.lastMessageWall = now;
    this.isIdle = false;
    let rest = batch;
    let at = first;
    for (;;) {
      this.#replayAt(at);
      const cut = this.#nextEventAfter(at);
      if (cut === null || cut > last) break;
      const [head, tail] = splitRawBatch(rest, cut);
      this.#push(head, at);
      rest = tail;
      at = cut;
    }
    this.#push(rest, at);
    this.next = last + 1n;
    this.soughtTo = null;
    this.#replayAt(this.next);
  }

  /**
   * Skips offsets the source no longer has (retention, or control records of transactions).
   *
   * @param offset the offset the source delivers next
   */
  skipTo(offset: bigint): void {
    if (offset <= this.next) return;
    this.next = offset;
    this.soughtTo = null;
    this.#replayAt(offset);
  }

  /**
   * Marks the partition idle (the caller decides when: no batch for the idle timeout). Its
   * watermark stays where its events put it; its open minutes stay open, their values so far
   * stored, until its next events move the watermark past them.
   *
   * @returns true when the partition just became idle (then commit, so the store knows)
   */
  markIdle(): boolean {
    if (this.#restoring || this.isIdle) return false;
    this.isIdle = true;
    return true;
  }

  /** Closed values since the last call; they belong in the next commit. */
  takeValues(): WindowValue[] {
    const values = this.#values;
    this.#values = [];
    return values;
  }

  /**
   * The progress to store with the values closed so far: resume offset and watermark, the
   * heartbeats after it, `processed`, the watermark, and the record counts.
   */
  progress(): PartitionProgress {
    const closedThrough = this.mark - MINUTE_MS; // windows starting at or before this are closed
    this.#pieces = this.#pieces.filter((piece) => piece.lastMinute > closedThrough);
    const oldest = this.#pieces[0];
    const resume = oldest?.first ?? this.next;
    const resumeMark = oldest?.markBefore ?? this.mark;
    this.#beats = this.#beats.filter(([offset]) => offset > resume);
    return {
      partition: this.partition,
      offset: resume.toString(),
      processed: this.next.toString(),
      watermark: finite(this.mark),
      resumeWatermark: finite(resumeMark),
      newest: finite(this.maxSeen),
      idle: this.isIdle,
      heartbeats: this.#beats.map(([offset, mark]) => [offset.toString(), mark]),
      quality: Object.fromEntries(this.#quality),
      ...(this.stream === 0 ? {} : { stream: this.stream }),
    };
  }

  /** Drops the graph and its open windows (revocation, shutdown): nothing is flushed. */
  close(): void {
    this.#graph.close();
  }

  /** Applies the restore events due at offset `at`: replayed heartbeats, then the end of it. */
  #replayAt(at: bigint): void {
    while (this.#replay.length > 0 && this.#replay[0][0] <= at) {
      const [offset, mark] = this.#replay.shift()!;
      this.#beat(mark, offset, true);
    }
    if (this.#restoring && this.#restoreUntil <= at) {
      // The stored watermark also holds heartbeats that came right at `processed`.
      this.#beat(this.#restoreMark, this.#restoreUntil, true);
      this.#restoring = false;
    }
  }

  /** The offset of the next restore event after `at`, or null. */
  #nextEventAfter(at: bigint): bigint | null {
    let cut: bigint | null = null;
    if (this.#replay.length > 0 && this.#replay[0][0] > at) cut = this.#replay[0][0];
    if (this.#restoring && this.#restoreUntil > at && (cut === null || this.#restoreUntil < cut)) {
      cut = this.#restoreUntil;
    }
    return cut;
  }

  /** Pushes one piece starting at offset `first` through the graph. */
  #push(batch: RawBatch, first: bigint): void {
    if (batch.records.length === 0 && batch.quarantine.length === 0) return;
    const markBefore = this.mark;
    this.#silent = this.#restoring;
    this.#pieceMax = -Infinity;
    try {
      this.#graph.push(batch);
    } finally {
      this.#silent = false;
    }
    const max = this.#pieceMax;
    if (max > -Infinity) {
      this.#pieces.push({ first, markBefore, lastMinute: minuteStart(max) });
      if (max > this.maxSeen) this.maxSeen = max;
    }
  }

  /**
   * Moves the watermark to `mark` when larger. `offset` is the record it comes before, kept so
   * a restart replays it; null for the restart's own starting watermark.
   */
  #beat(mark: number, offset: bigint | null, silent: boolean): void {
    if (!(mark > this.mark)) return;
    this.#silent = silent;
    try {
      this.#graph.heartbeat(mark);
    } finally {
      this.#silent = false;
    }
    if (offset === null) return;
    const last = this.#beats[this.#beats.length - 1];
    if (last !== undefined && last[0] === offset) last[1] = mark;
    else this.#beats.push([offset, mark]);
  }

  #onClean(batch: AnyBatch): void {
    if (batch.watermark !== undefined) this.mark = batch.watermark;
    const records = batch.records;
    let max = this.#pieceMax;
    for (let i = 0; i < records.length; i++) {
      if (records[i].eventTime > max) max = records[i].eventTime;
    }
    this.#pieceMax = max;
    if (this.#silent) return;
    this.newRecords += countOutcomes(this.#quality, batch);
  }
}
