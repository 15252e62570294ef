/**
 * Historical backfill: streams files through the operator graph into the Parquet lake and the
 * report tables, on event time and with bounded memory.
 *
 * Backpressure comes from the graph being synchronous per batch: `input.next(batch)` returns only
 * once every operator and sink has handled that batch, and only then is the next chunk read.
 * Sources are pulled in event-time order (always the one furthest behind), so multi-table
 * operators such as the activity ⨝ transactions join keep only what their windows need.
 *
 * Commit: tables and reports are written to staging versions, invisible to readers. Only once
 * every input has been read and every file is on disk does each table, then the reports folder,
 * switch to its new version with one atomic rename (`LakeWriter.close`, `StagedVersion.commit`).
 * A failure anywhere before drops the staged files (`LakeWriter.abort`) and leaves the lake as it
 * was; a kill leaves them to the next run's repair. A run holds the lake's lock
 * (`lockLake`) throughout, so a second run into the same lake waits instead of repairing away
 * the first one's staged files.
 *
 * @module
 */

import { Subject } from "rxjs";
import type { AnyBatch, RawBatch, TableName } from "../operators/types.ts";
import { fileSource } from "./sources/file_source.ts";
import { statInput } from "./sources/open_input.ts";
import { DEFAULT_PREFETCH, workerSource } from "./sources/worker_source.ts";
import { NATIVE_DECODERS } from "../operators/validate.ts";
import { buildGraph, FirstFailure, type GraphOptions } from "./graph/mod.ts";
import {
  type GraphReportName,
  REPORT_COLUMNS,
  REPORT_NAMES,
  type ReportRows,
} from "../operators/registry.ts";
import { LakeWriter } from "./lake/lake_writer.ts";
import { lockLake } from "./lake/lock_lake.ts";
import { ReportWriter } from "./lake/report_writer.ts";
import { createProgress } from "./progress.ts";
import { behindmost, type SourceState } from "./replay_order.ts";
import type { PlausibleTime } from "../operators/plausible_time.ts";
import { lastCompleteMonth } from "../operators/top_products.ts";

/** Everything a replay needs. */
export interface ReplayOptions extends Omit<GraphOptions, "fixes" | "plausibleTime"> {
  /** Input files per table, each list in name order. */
  inputs: Map<TableName, string[]>;
  /** Lake root folder. */
  lake: string;
  batchSize: number;
  /**
   * Event times outside it are quarantined as `implausible_time` (no check when absent). The
   * command computes it once from the run's start, so the operators never read the clock.
   */
  plausibleTime?: PlausibleTime;
  /**
   * How CSV inputs are read: `header` (`true`, `false` or `"auto"`, the default) and the
   * `columns` of files without a header row (default: the native columns). Source formats
   * other than the native one set these (see pipeline/formats/).
   */
  csv?: { header?: boolean | "auto"; columns?: readonly string[] };
  /** Draw a progress bar on stderr. */
  progress: boolean;
  /** ISO 4217 code of the input's money, when the format knows it (kept in `summary`). */
  currency?: string;
  /**
   * The key `pseudonym` was made from. With it, a large activity input (native decoder) is
   * parsed, decoded and pseudonymized on a source worker, off the pipeline thread; without it
   * every table is read on this thread.
   */
  anonKey?: Uint8Array;
  /**
   * Source worker threads at most; 0 (the default) reads every table on this thread. Measured
   * slower on a busy 2-core machine (docs/BENCHMARKS.md, "Issue 11, source worker").
   */
  sourceWorkers?: number;
  /** Inputs smaller than this (bytes of the table's files) stay on this thread. Default 32 MiB. */
  workerMinBytes?: number;
}

/** Below this, a worker's start-up (about 0.1 s) costs more than it saves. */
const WORKER_MIN_BYTES = 32 * 1024 * 1024;

/** What a replay did, for the summary and for tests. */
export interface ReplaySummary {
  records: number;
  bytes: number;
  seconds: number;
  fixes: Record<string, number>;
  /** Rows of the small reports, kept for the terminal summary. */
  quality: ReportRows["quality"][];
  topProducts: ReportRows["top_products"][];
  monthlyRevenue: ReportRows["monthly_revenue"][];
  /** Largest event time of a valid transaction, or -Infinity. */
  latestTransaction: number;
}

/**
 * Runs the replay to completion.
 *
 * @param options inputs, lake and graph parameters
 * @returns the summary
 * @throws Error when an input cannot be read or the lake cannot be written
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  // One run per lake at a time: this run's repair would delete another's staging versions.
  using _lock = await lockLake(options.lake);
  // fresh: the lake holds this replay's input and nothing of an earlier one (see lake_dataset.ts).
  const lake = new LakeWriter({ root: options.lake, fresh: true });
  try {
    return await run(options, lake);
  } catch (error) {
    // Nothing of this run is live yet (or only whole tables): drop the staged rest.
    lake.abort();
    throw error;
  }
}

async function run(options: ReplayOptions, lake: LakeWriter): Promise<ReplaySummary> {
  const started = performance.now();
  const fixes: Record<string, number> = {};
  const input = new Subject<RawBatch>();
  const graph = buildGraph(input, { ...options, fixes });
  const latest: Partial<Record<TableName, number>> = {};
  const failure = new FirstFailure();
  const write = (batch: AnyBatch) => lake.write(batch);

  graph.clean.subscribe({
    next(batch) {
      // A sink error (a full disk, say) thrown out of `next` would escape RxJS as an uncaught
      // error; it is kept and thrown by the loop below instead.
      if (!failure.guard(write, batch)) return;
      const records = batch.records;
      let max = latest[batch.table] ?? -Infinity;
      for (let i = 0; i < records.length; i++) {
        if (records[i].eventTime > max) max = records[i].eventTime;
      }
      latest[batch.table] = max;
    },
    error: failure.fail,
  });

  const kept: { [K in GraphReportName]?: ReportRows[K][] } = {
    quality: [],
    top_products: [],
    monthly_revenue: [],
  };
  // Every report goes to the staging version of <lake>/reports, made live in one rename below.
  const reports = lake.stage("reports");
  const writers: ReportWriter[] = [];
  const sink = <K extends GraphReportName>(name: K) => {
    // Report part files are encoded by the lake's worker too, off the pipeline's thread.
    const writer = new ReportWriter(reports.dir, name, REPORT_COLUMNS[name], lake.parts);
    writers.push(writer);
    const keep = kept[name] as ReportRows[K][] | undefined;
    const append = (rows: ReportRows[K][]) => writer.append(rows);
    graph.reports[name].subscribe({
      next(rows) {
        if (!failure.guard(append, rows)) return;
        if (keep) { for (const row of rows) keep.push(row); }
      },
      error: failure.fail,
    });
  };
  for (const name of REPORT_NAMES) sink(name);

  const sources: SourceState[] = [];
  const onWorker = await workerTables(options);
  for (const [table, paths] of options.inputs) {
    const iterable = onWorker.has(table)
      ? workerSource({
        table,
        paths,
        batchSize: options.batchSize,
        header: options.csv?.header,
        columns: options.csv?.columns,
        knownColumns: options.decoders?.[table].fields,
        plausibleTime: options.plausibleTime,
        // As cleanChain gives it to validate.
        dedupeWindow: Math.max(options.dedupeWindow ?? Infinity, options.lateness),
        key: options.anonKey!,
        prefetch: DEFAULT_PREFETCH,
      })
      : fileSource({
        table,
        paths,
        batchSize: options.batchSize,
        header: options.csv?.header,
        columns: options.csv?.columns,
        // The columns the decoder reads: CSV headers are matched against them in any spelling.
        knownColumns: options.decoders?.[table].fields,
      });
    sources.push({
      table,
      iterator: iterable[Symbol.asyncIterator](),
      bytesRead: 0,
      bytesTotal: 0,
      done: false,
    });
  }

  // An empty batch per table first: every multi-table operator then knows from the start
  // which tables this run has, and holds a month open until each of them has passed it (a
  // table it has not seen yet could not hold anything back).
  for (const s of sources) {
    input.next({ table: s.table, records: [], quarantine: [], bytesRead: 0, bytesTotal: 0 });
  }

  const progress = createProgress("replay", options.progress);
  let records = 0;
  let bytes = 0;
  try {
    for (;;) {
      const next = behindmost(sources, latest);
      if (!next || failure.failed) break;
      const step = await next.iterator.next();
      if (step.done) {
        next.done = true;
        continue;
      }
      const batch = step.value;
      next.bytesRead = batch.bytesRead;
      next.bytesTotal = batch.bytesTotal;
      const rows = batch.decoded ?? batch;
      records += rows.records.length + rows.quarantine.length;
      input.next(batch);
      let read = 0, total = 0;
      for (const s of sources) {
        read += s.bytesRead;
        total += s.bytesTotal;
      }
      bytes = read;
      progress.update(read, total, records);
    }
    if (!failure.failed) input.complete();
  } finally {
    progress.done();
    for (const s of sources) if (!s.done) await s.iterator.return?.();
  }
  failure.check();
  for (const writer of writers) writer.close();
  lake.close(); // waits for every part file (reports' too), then commits each table
  const latestTransaction = latest.transactions ?? -Infinity;
  const summary = new ReportWriter(reports.dir, "summary", REPORT_COLUMNS.summary);
  summary.append([{
    last_complete_month: Number.isFinite(latestTransaction)
      ? lastCompleteMonth(latestTransaction)
      : null,
    latest_transaction: Number.isFinite(latestTransaction)
      ? new Date(latestTransaction).toISOString()
      : null,
    records,
    currency: options.currency ?? null,
  }]);
  summary.close();
  reports.commit({ mirror: false });
  return {
    records,
    bytes,
    seconds: (performance.now() - started) / 1000,
    fixes,
    quality: kept.quality ?? [],
    topProducts: kept.top_products ?? [],
    monthlyRevenue: kept.monthly_revenue ?? [],
    latestTransaction,
  };
}

/**
 * The tables read on a source worker: activity with the native decoder, at least
 * `workerMinBytes` of it, when a key and a worker are given. The other tables are small in
 * shop data, and their decoders (a mapping, a stateful preset) are not all rebuilt on a worker.
 */
async function workerTables(options: ReplayOptions): Promise<Set<TableName>> {
  const tables = new Set<TableName>();
  const paths = options.inputs.get("activity");
  const decoder = options.decoders?.activity ?? NATIVE_DECODERS.activity;
  if (
    options.anonKey === undefined || (options.sourceWorkers ?? 0) < 1 || paths === undefined ||
    decoder !== NATIVE_DECODERS.activity
  ) return tables;
  let bytes = 0;
  for (const path of paths) bytes += (await statInput(path)).size;
  if (bytes >= (options.workerMinBytes ?? WORKER_MIN_BYTES)) tables.add("activity");
  return tables;
}
