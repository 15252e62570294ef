/**
 * The source worker's entry (started by {@linkcode workerSource}): reads one table's files with
 * `fileSource`, decodes and checks them with `validate` and pseudonymizes them with `anonymize`,
 * the same operators as the pipeline thread's serial path, and posts each batch, activity events
 * packed as columns, in order. At most `prefetch` batches are in flight: the worker then waits
 * for the pipeline thread to take one.
 *
 * @module
 */

import { parentPort, workerData } from "node:worker_threads";
import { Subject } from "rxjs";
import { anonymize } from "../../operators/anonymize.ts";
import type { ActivityEvent, AnyBatch, RawBatch } from "../../operators/types.ts";
import { NATIVE_DECODERS, validate } from "../../operators/validate.ts";
import { createPseudonymizer } from "../pseudonymizer.ts";
import { packActivity } from "./activity_columns.ts";
import { fileSource } from "./file_source.ts";
import type { SourceWorkerData, WorkerMessage } from "./worker_protocol.ts";

const port = parentPort!;
const data = workerData as SourceWorkerData;
let credits = data.prefetch;
let wake: (() => void) | null = null;
port.on("message", (granted: number) => {
  credits += granted;
  wake?.();
});

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function run(): Promise<void> {
  // What the synchronous chain left for the current batch: its output or its error.
  const step: { out: AnyBatch | null; failure: { error: unknown } | null } = {
    out: null,
    failure: null,
  };
  const input = new Subject<RawBatch>();
  input.pipe(
    validate(NATIVE_DECODERS, {
      plausibleTime: data.plausibleTime,
      dedupeWindow: data.dedupeWindow,
    }),
    anonymize(createPseudonymizer(data.key)),
  ).subscribe({
    next: (batch) => step.out = batch,
    error: (error) => step.failure = { error },
  });
  const source = fileSource({
    table: data.table,
    paths: data.paths,
    batchSize: data.batchSize,
    header: data.header,
    columns: data.columns,
    knownColumns: data.knownColumns,
    chunkSize: data.chunkSize,
  });
  for await (const raw of source) {
    input.next(raw); // synchronous: `step` holds the result afterwards
    if (step.failure !== null) throw step.failure.error;
    const batch = step.out!;
    step.out = null;
    const { packed, transfer } = packActivity(batch.records as ActivityEvent[]);
    while (credits === 0) await new Promise<void>((resolve) => wake = resolve);
    credits--;
    post({
      kind: "batch",
      bytesRead: raw.bytesRead,
      bytesTotal: raw.bytesTotal,
      records: packed,
      quarantine: batch.quarantine,
    }, transfer);
  }
  post({ kind: "end" });
}

run().catch((error: unknown) => {
  post({
    kind: "error",
    name: error instanceof Error ? error.name : "Error",
    message: error instanceof Error ? error.message : String(error),
  });
});
