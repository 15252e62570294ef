/**
 * What the pipeline thread and a source worker (source_worker.ts) tell each other.
 *
 * @module
 */

import type { PlausibleTime } from "../../operators/plausible_time.ts";
import type { QuarantineRow, TableName } from "../../operators/types.ts";
import type { PackedActivity } from "./activity_columns.ts";

/** The worker's task, passed as `workerData`. */
export interface SourceWorkerData {
  table: TableName;
  paths: string[];
  batchSize: number;
  header?: boolean | "auto";
  columns?: readonly string[];
  knownColumns?: readonly string[];
  chunkSize?: number;
  plausibleTime?: PlausibleTime;
  dedupeWindow: number;
  /** The pseudonymization key's bytes. */
  key: Uint8Array;
  /** Batches the worker may post before the pipeline thread has taken one. */
  prefetch: number;
}

/**
 * Worker to pipeline thread: a decoded, pseudonymized batch (quarantine rows as `anonymize`
 * left them), the end of the input, or the error that stopped it. The pipeline thread answers
 * each batch it takes with a number, the credit for one more.
 */
export type WorkerMessage =
  | {
    kind: "batch";
    bytesRead: number;
    bytesTotal: number;
    records: PackedActivity;
    quarantine: QuarantineRow[];
  }
  | { kind: "end" }
  | { kind: "error"; name: string; message: string };
