/**
 * A file source whose parsing, decoding and pseudonymizing run on a worker thread.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { RawBatch } from "../../operators/types.ts";
import { unpackActivity } from "./activity_columns.ts";
import { UnknownHeaderError } from "./csv_header.ts";
import type { SourceWorkerData, WorkerMessage } from "./worker_protocol.ts";

export type { SourceWorkerData } from "./worker_protocol.ts";

/** Batches a worker runs ahead by default: enough to hide a slow batch, little memory. */
export const DEFAULT_PREFETCH = 4;

/**
 * Reads one table's files on a worker thread (source_worker.ts): the same `fileSource`,
 * `validate` (native decoders, the plausible-time window, the dedupe window) and `anonymize`
 * (a pseudonymizer built from the key) as the serial path, so the batches are the same, in the
 * same order. Each comes as a {@linkcode RawBatch} carrying the finished batch in `decoded`,
 * which `validate` and `anonymize` then let through; the graph is unchanged. Events cross the
 * thread boundary as columns (activity_columns.ts) and are rebuilt here.
 *
 * The worker runs at most `prefetch` batches ahead of the consumer, so memory stays bounded and
 * the consumer still chooses which source to pull. Its errors (a missing file, a header it does
 * not know) are thrown from this iterator with their message, as `fileSource` would throw them.
 * Returning early stops the worker. Only the activity table is supported.
 *
 * @param data the table, files and checks (see {@linkcode SourceWorkerData})
 * @returns an async iterable of batches; iterate it once
 * @throws {TypeError} for a table other than activity
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = new URL("../../data/sample/activity.csv", import.meta.url).pathname;
 * let events = 0;
 * for await (const batch of workerSource({ table: "activity", paths: [path], batchSize: 4096,
 *   dedupeWindow: Infinity, key: new TextEncoder().encode("an example key of 16+ chars"),
 *   prefetch: 4 })) {
 *   events += batch.decoded!.records.length + batch.decoded!.quarantine.length;
 * }
 * assert.equal(events, 40_000);
 * ```
 */
export async function* workerSource(data: SourceWorkerData): AsyncGenerator<RawBatch> {
  if (data.table !== "activity") {
    throw new TypeError(`a source worker reads only activity files, not ${data.table}`);
  }
  const worker = new Worker(new URL("./source_worker.ts", import.meta.url), { workerData: data });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const push = (message: WorkerMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (error: unknown) =>
    push({
      kind: "error",
      name: "Error",
      message: `source worker for ${data.table} failed: ${
        error instanceof Error ? error.message : String(error)
      }`,
    }));
  worker.on("exit", (code: number) =>
    push({
      kind: "error",
      name: "Error",
      message: `source worker for ${data.table} exited (code ${code}) before the end of its input`,
    }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => wake = resolve);
      wake = null;
      const message = queue.shift()!;
      if (message.kind === "end") return;
      if (message.kind === "error") throw rebuildError(message.name, message.message);
      worker.postMessage(1); // the worker may read one more batch while this one is handled
      const records = unpackActivity(message.records);
      yield {
        table: data.table,
        records: [],
        quarantine: [],
        bytesRead: message.bytesRead,
        bytesTotal: message.bytesTotal,
        decoded: {
          table: "activity",
          records,
          quarantine: message.quarantine,
          pseudonymized: true,
        },
      };
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** The worker's error as `fileSource` would have thrown it: same class where callers tell. */
function rebuildError(name: string, message: string): Error {
  if (name === "NotFound") return new Deno.errors.NotFound(message);
  if (name === "UnknownHeaderError") return new UnknownHeaderError(message);
  const error = new Error(message);
  error.name = name;
  return error;
}
