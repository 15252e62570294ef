/**
 * Runs a splitter over text cut into chunks of every size, for the splitter tests.
 *
 * @module
 */

import type { RawBatch } from "../../../operators/types.ts";
import { BatchBuilder } from "../../../pipeline/sources/batch_builder.ts";
import type { Splitter } from "../../../pipeline/sources/splitter.ts";

/** Records and quarantine rows in one flat list, in the order the splitter produced them. */
export type Row = {
  position: string;
  raw: string;
  fields?: Record<string, unknown>;
  reason?: string;
};

/**
 * Pushes `text` in chunks of `chunk` chars, taking batches of `batchSize` rows whenever the
 * splitter stops for them, as the file source does, and returns every row produced.
 */
export function split(
  make: () => Splitter,
  text: string,
  chunk = text.length || 1,
  batchSize = 1_000_000,
): Row[] {
  const out = new BatchBuilder("activity", batchSize, 0);
  const batches: RawBatch[] = [];
  const take = () => batches.push(...out.ready.splice(0));
  const splitter = make();
  for (let i = 0; i < text.length; i += chunk) {
    let more = splitter.push(text.slice(i, i + chunk), out);
    take();
    while (more) {
      more = splitter.push("", out);
      take();
    }
  }
  while (splitter.end(out)) take();
  out.flush();
  take();
  return rowsOf(batches);
}

/** The rows of some batches, sorted by position (records and quarantine interleaved). */
export function rowsOf(batches: RawBatch[]): Row[] {
  const rows: Row[] = [];
  for (const b of batches) {
    for (const r of b.records) rows.push({ position: r.position, raw: r.raw, fields: r.fields });
    for (const q of b.quarantine) rows.push({ position: q.position, raw: q.raw, reason: q.reason });
  }
  return rows.sort((a, b) => positionKey(a.position) - positionKey(b.position));
}

function positionKey(position: string): number {
  return Number(position.slice(position.lastIndexOf(" ") + 1));
}

/** Splits with every chunk size from 1 to the text length and returns the distinct results. */
export function splitAllWays(make: () => Splitter, text: string): Row[] {
  const whole = split(make, text);
  for (let chunk = 1; chunk < text.length; chunk++) {
    const parts = split(make, text, chunk);
    if (JSON.stringify(parts) !== JSON.stringify(whole)) {
      throw new Error(
        `chunk size ${chunk} gave ${JSON.stringify(parts)}, whole text gave ${
          JSON.stringify(whole)
        }`,
      );
    }
  }
  return whole;
}
